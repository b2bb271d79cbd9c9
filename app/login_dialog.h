#pragma once

#include "user.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace academy::app {

class AppContext;
class BackgroundJobs;

// Sign-in with the API's own rules (AuthService: same lockout, same messages). The
// password check runs on a worker thread; the dialog stays responsive.
class LoginDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit LoginDialog(AppContext &context, QWidget *parent = nullptr);

    const User &user() const { return m_user; }
    // Fills the form and signs in at once (after the first-run wizard).
    void signInWith(const QString &email, const QString &password);

private:
    void signIn();
    void finish(bool ok, const User &user, const QString &message);

    AppContext &m_context;
    BackgroundJobs *m_jobs; // the password check, off the GUI thread
    QLineEdit *m_email;
    QLineEdit *m_password;
    QLabel *m_error;
    QPushButton *m_signIn;
    User m_user;
};

} // namespace academy::app
