#pragma once

#include "user.h"

#include <QComboBox>

#include <optional>

namespace academy::app {

// "Any user" or one account (shown by email, carrying its id), for the log filters.
class UserFilterCombo final : public QComboBox
{
    Q_OBJECT

public:
    explicit UserFilterCombo(QWidget *parent = nullptr);

    // Keeps the chosen user chosen when the list is reloaded.
    void setUsers(const QList<User> &users);
    std::optional<qint64> userId() const;
};

} // namespace academy::app
