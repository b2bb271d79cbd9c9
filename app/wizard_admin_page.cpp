#include "wizard_admin_page.h"

#include "validation.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace academy::app {

namespace {

const char *const TouchedProperty = "academyTouched";

// A field the user has not typed in yet gets no complaint: an empty form is not an error.
bool touched(const QLineEdit *edit)
{
    return edit->property(TouchedProperty).toBool();
}

} // namespace

WizardAdminPage::WizardAdminPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("adminPage"));
    setTitle(tr("Create the first administrator"));
    setSubTitle(
        tr("This account signs in to the app and to the API. It can add other users later."));
    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_email = addField(tr("&Email:"), QStringLiteral("emailEdit"), m_emailMessage);
    m_name = addField(tr("&Name (optional):"), QStringLiteral("nameEdit"), m_nameMessage);
    m_password = addField(tr("&Password:"), QStringLiteral("passwordEdit"), m_passwordMessage);
    m_repeat =
        addField(tr("&Repeat password:"), QStringLiteral("repeatPasswordEdit"), m_repeatMessage);
    m_password->setEchoMode(QLineEdit::Password);
    m_repeat->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("at least 12 characters; a few unrelated words work well"));
    m_email->setPlaceholderText(tr("name@school.example"));
    check();
}

QLineEdit *WizardAdminPage::addField(const QString &label, const QString &name, QLabel *&message)
{
    auto *form = static_cast<QFormLayout *>(layout());
    auto *edit = new QLineEdit(this);
    edit->setObjectName(name);
    edit->setAccessibleName(QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
    message = new QLabel(this);
    message->setObjectName(name.chopped(4) +
                           QStringLiteral("Message")); // emailEdit -> emailMessage
    message->setWordWrap(true);
    message->hide();
    auto *cell = new QVBoxLayout;
    cell->setSpacing(2);
    cell->addWidget(edit);
    cell->addWidget(message);
    auto *caption = new QLabel(label, this);
    caption->setBuddy(edit); // makes the & mnemonic work instead of showing it
    form->addRow(caption, cell);
    connect(edit, &QLineEdit::textChanged, this, [this, edit](const QString &text) {
        if (!text.isEmpty())
            edit->setProperty(TouchedProperty, true);
        check();
    });
    return edit;
}

void WizardAdminPage::check()
{
    const Result<QString> email = normalizeEmail(m_email->text());
    showProblem(m_emailMessage, email ? QString() : email.error().message, touched(m_email));

    const QString nameText = m_name->text().trimmed();
    const Result<QString> name =
        nameText.isEmpty() ? Result<QString>(QString()) : validateText(m_name->text());
    showProblem(m_nameMessage, name ? QString() : name.error().message, touched(m_name));

    const Status password = validatePassword(m_password->text());
    showProblem(m_passwordMessage, password ? QString() : password.error().message,
                touched(m_password));

    const bool repeated = m_repeat->text() == m_password->text();
    showProblem(m_repeatMessage, repeated ? QString() : tr("does not match the password"),
                touched(m_repeat));

    const bool complete = email.ok() && name.ok() && password.ok() && repeated;
    if (complete != m_complete) {
        m_complete = complete;
        Q_EMIT completeChanged();
    }
}

void WizardAdminPage::showProblem(QLabel *message, const QString &problem, bool visible)
{
    message->setVisible(visible && !problem.isEmpty());
    message->setText(problem);
    message->setStyleSheet(QStringLiteral("color: #b00020"));
}

bool WizardAdminPage::isComplete() const
{
    return m_complete;
}

QString WizardAdminPage::email() const
{
    const Result<QString> email = normalizeEmail(m_email->text());
    return email ? email.value() : m_email->text().trimmed();
}

QString WizardAdminPage::name() const
{
    return m_name->text().trimmed();
}

QString WizardAdminPage::password() const
{
    return m_password->text();
}

} // namespace academy::app
