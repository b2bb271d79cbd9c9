#include "reset_password_dialog.h"

#include "app_context.h"
#include "background_jobs.h"
#include "display_text.h"
#include "password_field.h"
#include "user_service.h"

#include <QDialogButtonBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace academy::app {

ResetPasswordDialog::ResetPasswordDialog(AppContext &context, const User &user, QWidget *parent)
    : QDialog(parent), m_context(context), m_jobs(new BackgroundJobs(context.database(), this)),
      m_user(user), m_password(new PasswordField(this)), m_error(new QLabel(this)),
      m_busy(new QProgressBar(this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("resetPasswordDialog"));
    setWindowTitle(tr("Reset password"));
    auto *intro = new QLabel(tr("New password for <b>%1</b>. Every session of this account ends.").arg(user.email.toHtmlEscaped()), this);
    intro->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("resetPasswordError"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_busy->setObjectName(QStringLiteral("resetPasswordBusy"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_reset = m_buttons->addButton(tr("&Set password"), QDialogButtonBox::AcceptRole);
    m_reset->setObjectName(QStringLiteral("resetPasswordButton"));
    m_reset->setDefault(true);
    m_reset->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_password);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    layout->addWidget(m_buttons);
    setMinimumWidth(400);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reset, &QPushButton::clicked, this, &ResetPasswordDialog::submit);
    connect(m_password, &PasswordField::acceptableChanged, m_reset, &QPushButton::setEnabled);
}

void ResetPasswordDialog::setBusy(bool busy)
{
    m_busy->setVisible(busy);
    m_password->setEnabled(!busy);
    m_buttons->setEnabled(!busy);
    m_reset->setEnabled(!busy && m_password->isAcceptable());
    if (busy)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
}

void ResetPasswordDialog::submit()
{
    m_error->setText(tr("Setting the password…"));
    m_error->setStyleSheet(QString());
    m_error->show();
    setBusy(true);
    UserService &users = m_context.users();
    const Actor actor = m_context.actor();
    const qint64 id = m_user.id;
    const QJsonObject body{{QStringLiteral("password"), m_password->password()}};
    m_jobs->run(
        [&users, actor, id, body] { return users.update(actor, id, body); },
        [this](const Result<User> &result) { finish(result); });
}

void ResetPasswordDialog::finish(const Result<User> &result)
{
    setBusy(false);
    if (result) {
        Q_EMIT passwordReset(result.value());
        accept();
        return;
    }
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setText(readableError(result.error()));
}

void ResetPasswordDialog::reject()
{
    if (!m_jobs->busy())
        QDialog::reject();
}

} // namespace academy::app
