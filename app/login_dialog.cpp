#include "login_dialog.h"

#include "app_context.h"
#include "auth_service.h"
#include "background_jobs.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace academy::app {

LoginDialog::LoginDialog(AppContext &context, QWidget *parent)
    : QDialog(parent), m_context(context), m_jobs(new BackgroundJobs(context.database(), this)),
      m_email(new QLineEdit(this)), m_password(new QLineEdit(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Sign in to Academy Admin"));
    setObjectName(QStringLiteral("loginDialog"));
    m_email->setObjectName(QStringLiteral("emailEdit"));
    m_email->setAccessibleName(tr("Email"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setWordWrap(true);
    m_error->hide();
    auto *form = new QFormLayout;
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Password:"), m_password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_signIn = buttons->addButton(tr("&Sign in"), QDialogButtonBox::AcceptRole);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_signIn, &QPushButton::clicked, this, &LoginDialog::signIn);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(380);
}

void LoginDialog::signInWith(const QString &email, const QString &password)
{
    m_email->setText(email);
    m_password->setText(password);
    signIn();
}

void LoginDialog::signIn()
{
    m_signIn->setEnabled(false);
    m_error->setText(tr("Signing in…"));
    m_error->setStyleSheet(QString());
    m_error->show();
    setCursor(Qt::BusyCursor);
    const QString email = m_email->text();
    const QString password = m_password->text();
    AuthService &auth = m_context.auth();
    m_jobs->run([&auth, email, password] { return auth.login(email, password, QStringLiteral("desktop")); },
                [this](const Result<LoginResult> &result) {
                    QString message;
                    if (!result) {
                        message = result.error().message;
                        if (result.error().retryAfterSeconds > 0)
                            message += tr(" (locked for %n more minute(s))", nullptr,
                                          (result.error().retryAfterSeconds + 59) / 60);
                    }
                    finish(result.ok(), result ? result->user : User{}, message);
                });
}

void LoginDialog::finish(bool ok, const User &user, const QString &message)
{
    unsetCursor();
    m_signIn->setEnabled(true);
    if (ok) {
        m_user = user;
        accept();
        return;
    }
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setText(message);
    m_password->selectAll();
    m_password->setFocus();
}

} // namespace academy::app
