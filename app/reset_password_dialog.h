#pragma once

#include "error.h"
#include "user.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace academy::app {

class AppContext;
class BackgroundJobs;
class PasswordField;

// Sets a new password for someone else's account (every session of theirs ends). Hashing is
// slow, so it runs off the GUI thread while the dialog shows it is busy.
class ResetPasswordDialog final : public QDialog
{
    Q_OBJECT

public:
    ResetPasswordDialog(AppContext &context, const User &user, QWidget *parent = nullptr);

public Q_SLOTS:
    // Not while the account is being written: its outcome must reach the tab.
    void reject() override;

Q_SIGNALS:
    void passwordReset(const academy::User &user);

private:
    void submit();
    void finish(const Result<User> &result);
    void setBusy(bool busy);

    AppContext &m_context;
    BackgroundJobs *m_jobs;
    User m_user;
    PasswordField *m_password;
    QLabel *m_error;
    QProgressBar *m_busy;
    QDialogButtonBox *m_buttons;
    QPushButton *m_reset;
};

} // namespace academy::app
