#include "user_filter_combo.h"

#include <QSignalBlocker>

namespace academy::app {

UserFilterCombo::UserFilterCombo(QWidget *parent) : QComboBox(parent)
{
    setAccessibleName(tr("User"));
    addItem(tr("Any user"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
}

void UserFilterCombo::setUsers(const QList<User> &users)
{
    const QVariant chosen = currentData();
    const QSignalBlocker quiet(this); // the choice stays the same: no refilter
    clear();
    addItem(tr("Any user"));
    for (const User &user : users)
        addItem(user.email, user.id);
    const int again = chosen.isValid() ? findData(chosen) : 0;
    if (again < 0) // the chosen account is gone: keep filtering by its id
        addItem(QStringLiteral("#%1").arg(chosen.toLongLong()), chosen);
    setCurrentIndex(again < 0 ? count() - 1 : again);
}

std::optional<qint64> UserFilterCombo::userId() const
{
    const QVariant id = currentData();
    return id.isValid() ? std::optional<qint64>(id.toLongLong()) : std::nullopt;
}

} // namespace academy::app
