#include "first_run_wizard.h"

#include "wizard_admin_page.h"
#include "wizard_data_page.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>

namespace academy::app {

namespace {

// Where the plain HTTP listener will be, as the LAN page tells it.
QString plainAddress(const Config &config)
{
    const QString host = config.host.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + config.host.toString() + QLatin1Char(']')
                             : config.host.toString();
    if (config.port == 0)
        return QObject::tr("http://%1, on a free port the Server tab shows").arg(host);
    return QStringLiteral("http://%1:%2").arg(host).arg(config.port);
}

} // namespace

FirstRunWizard::FirstRunWizard(const Config &config, QWidget *parent)
    : QWizard(parent), m_admin(new WizardAdminPage(this)), m_data(new WizardDataPage(this))
{
    setObjectName(QStringLiteral("firstRunWizard"));
    setWindowTitle(tr("Welcome to Academy Admin"));
    setOption(QWizard::NoBackButtonOnStartPage);
    setPage(AdminPage, m_admin);
    setPage(DataPage, m_data);
    setPage(LanPage, buildLanPage(config));
    setStartId(AdminPage);
    setMinimumSize(620, 460);
}

QWizardPage *FirstRunWizard::buildLanPage(const Config &config)
{
    auto *page = new QWizardPage(this);
    page->setObjectName(QStringLiteral("lanPage"));
    page->setTitle(tr("Clients on the local network"));
    page->setSubTitle(
        tr("Other computers, phones and scripts on the school's network can use the API."));
    const bool https = config.tlsPort != 0;
    m_lanAccess = new QCheckBox(https ? tr("&Let clients on the local network connect (HTTPS on all "
                                           "network interfaces, port %1)").arg(config.tlsPort)
                                      : tr("&Let clients on the local network connect (not now: "
                                           "HTTPS is off, TLS_PORT is 0)"),
                                page);
    m_lanAccess->setObjectName(QStringLiteral("lanAccessCheckBox"));
    m_lanAccess->setChecked(false); // nothing listens on the network unless asked for
    m_lanAccess->setEnabled(https);
    // The ports are the ones flags or the environment set, not always the defaults.
    const QString off = config.host.isLoopback()
                            ? tr("Off: only programs on this computer can reach the server (%1).")
                                  .arg(plainAddress(config))
                            : tr("Off: no HTTPS for the network. Plain HTTP stays on %1, as HOST sets it.")
                                  .arg(plainAddress(config));
    const QString on = https ? tr("On: the server also answers encrypted HTTPS on this computer's network "
                                  "addresses, with a certificate made for it. The Server tab shows the "
                                  "addresses and the certificate's fingerprint for clients to check. "
                                  "The firewall may have to allow port %1.")
                                   .arg(config.tlsPort)
                             : tr("On needs HTTPS: start without TLS_PORT=0 to offer it.");
    auto *explanation = new QLabel(off + QStringLiteral("\n\n") + on + QStringLiteral("\n\n")
                                       + tr("You can change this later in the Server tab."),
                                   page);
    explanation->setObjectName(QStringLiteral("lanExplanation"));
    explanation->setWordWrap(true);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_lanAccess);
    layout->addSpacing(8);
    layout->addWidget(explanation);
    layout->addStretch(1);
    return page;
}

QString FirstRunWizard::adminEmail() const
{
    return m_admin->email();
}
QString FirstRunWizard::adminName() const
{
    return m_admin->name();
}
QString FirstRunWizard::adminPassword() const
{
    return m_admin->password();
}
QString FirstRunWizard::dataDir() const
{
    return m_data->dataDir();
}
QString FirstRunWizard::databaseUrl() const
{
    return m_data->databaseUrl();
}
bool FirstRunWizard::lanAccess() const
{
    return m_lanAccess->isChecked();
}

} // namespace academy::app
