#pragma once

#include "error.h"
#include "user.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace academy::app {

class AppContext;
class BackgroundJobs;
class PasswordField;

// "New user": email, name, role and a password with live policy feedback. Creating hashes
// the password (slow), so it runs off the GUI thread while the dialog shows it is busy; a
// refusal (taken email, a field the service rejects) stays in the dialog with what was typed.
class UserDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit UserDialog(AppContext &context, QWidget *parent = nullptr);

public Q_SLOTS:
    // Not while the account is being written: its outcome must reach the tab.
    void reject() override;

Q_SIGNALS:
    void userCreated(const academy::User &user);

private:
    void submit();
    void finish(const Result<User> &result);
    void setBusy(bool busy);
    void updateCreateButton();

    AppContext &m_context;
    BackgroundJobs *m_jobs;
    QLineEdit *m_email;
    QLineEdit *m_name;
    QComboBox *m_role;
    PasswordField *m_password;
    QLabel *m_error;
    QProgressBar *m_busy;
    QDialogButtonBox *m_buttons;
    QPushButton *m_create;
};

} // namespace academy::app
