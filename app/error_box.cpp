#include "error_box.h"

#include "display_text.h"

#include <QMessageBox>

namespace academy::app {

namespace {

constexpr qsizetype MaxDetailsShown = 20; // the rest is counted, so the box fits on a screen

} // namespace

void showErrorBox(QWidget *parent, const QString &title, Error error)
{
    const qsizetype hidden = error.details.size() - MaxDetailsShown;
    if (hidden > 0)
        error.details.resize(MaxDetailsShown);
    QString text = readableError(error);
    if (hidden > 0)
        text += QLatin1Char('\n') + QObject::tr("… and %1 more").arg(hidden);
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace academy::app
