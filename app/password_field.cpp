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
    const QString count = characters == 1 ? tr("1 character") : tr("%1 characters").arg(characters);
    if (verdict) {
        m_feedback->setText(tr("✓ Meets the policy (%1; 12 to 128 allowed).").arg(count));
        m_feedback->setStyleSheet(QStringLiteral("color: #1b5e20"));
    } else {
        m_feedback->setText(tr("Password %1 (%2 so far).").arg(verdict.error().message, count));
        m_feedback->setStyleSheet(QStringLiteral("color: #b00020"));
    }
    m_feedback->setAccessibleDescription(m_feedback->text());
    if (m_acceptable != verdict.ok()) {
        m_acceptable = verdict.ok();
        Q_EMIT acceptableChanged(m_acceptable);
    }
}

} // namespace academy::app
