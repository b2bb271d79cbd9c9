#include "server_settings_form.h"

#include "app_context.h"
#include "app_settings.h"
#include "config.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace academy::app {

namespace {

const QString ErrorStyle = QStringLiteral("color: #b00020");
const QString NoteStyle = QStringLiteral("color: #555555");

} // namespace

ServerSettingsForm::ServerSettingsForm(AppContext &context, QWidget *parent)
    : QGroupBox(tr("Listening settings"), parent), m_context(context),
      m_generalError(new QLabel(this)), m_status(new QLabel(this)),
      m_save(new QPushButton(tr("&Save settings"), this))
{
    setObjectName(QStringLiteral("serverSettingsForm"));
    auto *intro = new QLabel(
        tr("Saved for the next start of Academy Admin: the running server keeps the addresses "
           "and ports it started with, also after Restart. Command-line options and "
           "environment variables win over these settings. Empty means the default."),
        this);
    intro->setObjectName(QStringLiteral("settingsNote"));
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    addField(form, QStringLiteral("HOST"), tr("&HTTP address:"), QStringLiteral("hostEdit"),
             tr("127.0.0.1 (this computer only)"));
    addField(form, QStringLiteral("PORT"), tr("HTTP &port:"), QStringLiteral("portEdit"),
             QStringLiteral("3000"));
    addField(form, QStringLiteral("TLS_HOST"), tr("HTTPS a&ddress:"), QStringLiteral("tlsHostEdit"),
             tr("0.0.0.0 (every network interface)"));
    addField(form, QStringLiteral("TLS_PORT"), tr("HTTPS p&ort:"), QStringLiteral("tlsPortEdit"),
             tr("3443 (0 turns HTTPS off)"));
    addField(form, QStringLiteral("CORS_ORIGINS"), tr("&Browser origins (CORS):"),
             QStringLiteral("corsOriginsEdit"), tr("none; e.g. http://localhost:5173, or *"));
    m_generalError->setObjectName(QStringLiteral("settingsErrorLabel"));
    m_generalError->setWordWrap(true);
    m_generalError->setStyleSheet(ErrorStyle);
    m_generalError->hide();
    m_status->setObjectName(QStringLiteral("settingsStatusLabel"));
    m_status->setWordWrap(true);
    m_save->setObjectName(QStringLiteral("saveSettingsButton"));
    connect(m_save, &QPushButton::clicked, this, &ServerSettingsForm::save);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_generalError);
    layout->addWidget(m_save, 0, Qt::AlignRight);
    layout->addWidget(m_status);
    validate();
}

void ServerSettingsForm::addField(QFormLayout *form, const QString &variable, const QString &label,
                                  const QString &name, const QString &placeholder)
{
    auto *edit = new QLineEdit(m_context.settings().value(variable), this);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setAccessibleName(QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
    edit->setToolTip(tr("Saved as %1").arg(variable));
    auto *message = new QLabel(this);
    message->setObjectName(name.chopped(4) + QStringLiteral("Message")); // hostEdit -> hostMessage
    message->setWordWrap(true);
    auto *cell = new QVBoxLayout;
    cell->setSpacing(2);
    cell->addWidget(edit);
    cell->addWidget(message);
    auto *caption = new QLabel(label, this);
    caption->setBuddy(edit); // makes the & mnemonic work instead of showing it
    form->addRow(caption, cell);
    m_fields.append({variable, edit, message});
    connect(edit, &QLineEdit::textChanged, this, [this] {
        m_status->clear();
        validate();
    });
}

bool ServerSettingsForm::validate()
{
    ConfigSources sources;
    sources.settings = m_context.settings().configuration();
    for (const Field &field : std::as_const(m_fields)) {
        const QString text = field.edit->text().trimmed();
        if (text.isEmpty())
            sources.settings.remove(field.variable);
        else
            sources.settings.insert(field.variable, text);
        const QString note = overriddenBy(field.variable);
        field.message->setText(note);
        field.message->setStyleSheet(NoteStyle);
        field.message->setVisible(!note.isEmpty());
    }
    m_generalError->hide();
    const Result<Config> loaded = Config::load(sources);
    if (!loaded)
        showProblem(loaded.error());
    m_save->setEnabled(loaded.ok() && differsFromSaved());
    return loaded.ok();
}

void ServerSettingsForm::showProblem(const Error &error)
{
    const QString variable = error.details.isEmpty() ? QString() : error.details.first().field;
    for (const Field &field : std::as_const(m_fields)) {
        if (field.variable != variable)
            continue;
        field.message->setText(error.details.first().message);
        field.message->setStyleSheet(ErrorStyle);
        field.message->show();
        return;
    }
    // A saved value outside this form (e.g. an edited settings file) stops the next start too.
    m_generalError->setText(
        tr("Another saved setting is wrong and would stop the next start: %1").arg(error.message));
    m_generalError->show();
}

QString ServerSettingsForm::overriddenBy(const QString &variable) const
{
    for (const ConfigKey &key : configKeys()) {
        if (key.variable != variable)
            continue;
        const QStringList arguments = QCoreApplication::arguments();
        for (const QString &argument : arguments) {
            if (argument == key.flag || argument.startsWith(key.flag + QLatin1Char('=')))
                return tr("The command-line option %1 wins over this setting.").arg(key.flag);
        }
    }
    if (Config::processEnvironment().contains(variable))
        return tr("The environment variable %1 wins over this setting.").arg(variable);
    return {};
}

bool ServerSettingsForm::differsFromSaved() const
{
    for (const Field &field : std::as_const(m_fields)) {
        if (field.edit->text().trimmed() != m_context.settings().value(field.variable))
            return true;
    }
    return false;
}

void ServerSettingsForm::save()
{
    if (!validate())
        return;
    for (const Field &field : std::as_const(m_fields))
        m_context.settings().setValue(field.variable, field.edit->text().trimmed());
    m_context.settings().raw().sync();
    m_save->setEnabled(false);
    m_status->setText(tr(
        "Saved. The new addresses, ports and origins apply the next time Academy Admin starts."));
}

} // namespace academy::app
