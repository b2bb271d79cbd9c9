#include "error_box.h"

#include <QMessageBox>

namespace academy::app {

namespace {

constexpr int MaxDetailsShown = 20; // the rest is summarised, so the box fits on a screen

} // namespace

QString describeFieldError(const FieldError &detail)
{
    QString text = detail.field.isEmpty() ? detail.message : detail.field + QStringLiteral(": ") + detail.message;
    if (detail.line > 0)
        text = QObject::tr("Line %1, %2").arg(detail.line).arg(text);
    return text;
}

void showErrorBox(QWidget *parent, const QString &title, const Error &error)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, error.message, QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QStringList lines;
    for (const FieldError &detail : error.details.mid(0, MaxDetailsShown))
        lines.append(describeFieldError(detail));
    if (error.details.size() > MaxDetailsShown)
        lines.append(QObject::tr("… and %1 more").arg(error.details.size() - MaxDetailsShown));
    box->setInformativeText(lines.join(QLatin1Char('\n')));
    box->open();
}

} // namespace academy::app
