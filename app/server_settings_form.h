#pragma once

#include "error.h"

#include <QGroupBox>
#include <QList>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace academy::app {

class AppContext;

// Where the server listens and which browser origins it allows, saved for the next start.
// The form holds no rule of its own: Config::load, the very code that reads the settings
// at start, judges what was typed, and its message is shown beside the field it names.
class ServerSettingsForm final : public QGroupBox
{
    Q_OBJECT

public:
    explicit ServerSettingsForm(AppContext &context, QWidget *parent = nullptr);

    // Checks the form as Config::load would read it at the next start; shows the verdict.
    bool validate();

public Q_SLOTS:
    void save();

private:
    struct Field
    {
        QString variable;
        QLineEdit *edit;
        QLabel *message;
    };

    void addField(QFormLayout *form, const QString &variable, const QString &label,
                  const QString &name, const QString &placeholder);
    void showProblem(const Error &error);
    QString overriddenBy(const QString &variable) const;
    bool differsFromSaved() const;

    AppContext &m_context;
    QList<Field> m_fields;
    QLabel *m_generalError;
    QLabel *m_status;
    QPushButton *m_save;
};

} // namespace academy::app
