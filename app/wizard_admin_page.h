#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;

namespace academy::app {

// The first admin: email, optional name, password twice. Each field is judged as it is
// typed by the very rules the API applies (normalizeEmail, validateText, validatePassword),
// with their message beside it; Next stays disabled until all pass.
class WizardAdminPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit WizardAdminPage(QWidget *parent = nullptr);

    bool isComplete() const override;
    // QWizard::next() does not look at isComplete(): refuse here too.
    bool validatePage() override { return isComplete(); }

    QString email() const; // normalized (trimmed, lower-case) once valid
    QString name() const;  // trimmed; empty means none
    QString password() const;

private:
    QLineEdit *addField(const QString &label, const QString &name, QLabel *&message);
    void check();
    void showProblem(QLabel *message, const QString &problem, bool visible);

    QLineEdit *m_email;
    QLineEdit *m_name;
    QLineEdit *m_password;
    QLineEdit *m_repeat;
    QLabel *m_emailMessage = nullptr;
    QLabel *m_nameMessage = nullptr;
    QLabel *m_passwordMessage = nullptr;
    QLabel *m_repeatMessage = nullptr;
    bool m_complete = false;
};

} // namespace academy::app
