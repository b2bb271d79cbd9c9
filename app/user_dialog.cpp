#include "user_dialog.h"

#include "app_context.h"
#include "background_jobs.h"
#include "display_text.h"
#include "password_field.h"
#include "user_service.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace academy::app {

UserDialog::UserDialog(AppContext &context, QWidget *parent)
    : QDialog(parent), m_context(context), m_jobs(new BackgroundJobs(context.database(), this)),
      m_email(new QLineEdit(this)), m_name(new QLineEdit(this)),
      m_role(new QComboBox(this)), m_password(new PasswordField(this)), m_error(new QLabel(this)),
      m_busy(new QProgressBar(this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("userDialog"));
    setWindowTitle(tr("New user"));
    m_email->setObjectName(QStringLiteral("emailEdit"));
    m_email->setAccessibleName(tr("Email"));
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setAccessibleName(tr("Name"));
    m_role->setObjectName(QStringLiteral("roleCombo"));
    m_role->setAccessibleName(tr("Role"));
    for (Role role : {Role::Viewer, Role::Staff, Role::Admin})
        m_role->addItem(roleName(role), roleName(role));
    m_error->setObjectName(QStringLiteral("userDialogError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_busy->setObjectName(QStringLiteral("userDialogBusy"));
    m_busy->setRange(0, 0); // indeterminate: hashing takes as long as it takes
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_create = m_buttons->addButton(tr("&Create"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("userDialogCreateButton"));
    m_create->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Role:"), m_role);
    form->addRow(tr("&Password:"), m_password);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);

    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, &UserDialog::submit);
    connect(m_email, &QLineEdit::textChanged, this, &UserDialog::updateCreateButton);
    connect(m_password, &PasswordField::acceptableChanged, this, &UserDialog::updateCreateButton);
    updateCreateButton();
}

void UserDialog::updateCreateButton()
{
    m_create->setEnabled(m_busy->isHidden() && !m_email->text().trimmed().isEmpty() && m_password->isAcceptable());
}

void UserDialog::setBusy(bool busy)
{
    m_busy->setVisible(busy);
    for (QWidget *field : {static_cast<QWidget *>(m_email), static_cast<QWidget *>(m_name),
                           static_cast<QWidget *>(m_role), static_cast<QWidget *>(m_password)})
        field->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy);
    if (busy)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
    updateCreateButton();
}

void UserDialog::submit()
{
    QJsonObject body{{QStringLiteral("email"), m_email->text()},
                     {QStringLiteral("password"), m_password->password()},
                     {QStringLiteral("role"), m_role->currentData().toString()}};
    if (!m_name->text().trimmed().isEmpty())
        body.insert(QStringLiteral("name"), m_name->text());
    m_error->setText(tr("Creating the account…"));
    m_error->setStyleSheet(QString());
    m_error->show();
    setBusy(true);
    UserService &users = m_context.users();
    const Actor actor = m_context.actor();
    m_jobs->run(
        [&users, actor, body] { return users.create(actor, body, UserService::Creator::Admin); },
        [this](const Result<User> &result) { finish(result); });
}

void UserDialog::finish(const Result<User> &result)
{
    setBusy(false);
    if (result) {
        Q_EMIT userCreated(result.value());
        accept();
        return;
    }
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setText(readableError(result.error()));
}

void UserDialog::reject()
{
    if (!m_jobs->busy())
        QDialog::reject();
}

} // namespace academy::app
