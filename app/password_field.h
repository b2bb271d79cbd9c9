#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;

namespace academy::app {

// A password box that says, as the user types, whether the password meets the policy
// (validatePassword: 12 to 128 characters counted as Unicode characters). The rule stays in
// the core; this only shows its verdict.
class PasswordField final : public QWidget
{
    Q_OBJECT

public:
    explicit PasswordField(QWidget *parent = nullptr);

    QString password() const;
    bool isAcceptable() const { return m_acceptable; }
    QLineEdit *edit() const { return m_edit; }

Q_SIGNALS:
    void acceptableChanged(bool acceptable);

private:
    void check();

    QLineEdit *m_edit;
    QLabel *m_feedback;
    bool m_acceptable = false;
};

} // namespace academy::app
