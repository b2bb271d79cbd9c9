#include "password_field.h"

#include "validation.h"

#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace academy::app {

PasswordField::PasswordField(QWidget *parent) : QWidget(parent), m_edit(new QLineEdit(this)), m_feedback(new QLabel(this))
{
    m_edit->setObjectName(QStringLiteral("passwordEdit"));
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setAccessibleName(tr("Password"));
    m_feedback->setObjectName(QStringLiteral("passwordFeedback"));
    m_feedback->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    layout->addWidget(m_feedback);
    connect(m_edit, &QLineEdit::textChanged, this, &PasswordField::check);
    check();
}

QString PasswordField::password() const
{
    return m_edit->text();
}

void PasswordField::check()
{
    const QString text = m_edit->text();
    const Status verdict = validatePassword(text);
    // Code points, as the policy counts them: an emoji is one character, not two.
    const qsizetype characters = text.toUcs4().size();
    if (verdict) {
        m_feedback->setText(tr("✓ Meets the policy (%n character(s); 12 to 128 allowed).", nullptr, int(characters)));
        m_feedback->setStyleSheet(QStringLiteral("color: #1b5e20"));
    } else {
        m_feedback->setText(tr("Password %1 (%n character(s) so far).", nullptr, int(characters)).arg(verdict.error().message));
        m_feedback->setStyleSheet(QStringLiteral("color: #b00020"));
    }
    m_feedback->setAccessibleDescription(m_feedback->text());
    if (m_acceptable != verdict.ok()) {
        m_acceptable = verdict.ok();
        Q_EMIT acceptableChanged(m_acceptable);
    }
}

} // namespace academy::app
