#include "first_run_wizard.h"

#include "wizard_admin_page.h"
#include "wizard_data_page.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>

namespace academy::app {

FirstRunWizard::FirstRunWizard(QWidget *parent)
    : QWizard(parent), m_admin(new WizardAdminPage(this)), m_data(new WizardDataPage(this))
{
    setObjectName(QStringLiteral("firstRunWizard"));
    setWindowTitle(tr("Welcome to Academy Admin"));
    setOption(QWizard::NoBackButtonOnStartPage);
    setPage(AdminPage, m_admin);
    setPage(DataPage, m_data);
    setPage(LanPage, buildLanPage());
    setStartId(AdminPage);
    setMinimumSize(620, 460);
}

QWizardPage *FirstRunWizard::buildLanPage()
{
    auto *page = new QWizardPage(this);
    page->setObjectName(QStringLiteral("lanPage"));
    page->setTitle(tr("Clients on the local network"));
    page->setSubTitle(
        tr("Other computers, phones and scripts on the school's network can use the API."));
    m_lanAccess = new QCheckBox(tr("&Let clients on the local network connect (HTTPS on all "
                                   "network interfaces, port 3443)"),
                                page);
    m_lanAccess->setObjectName(QStringLiteral("lanAccessCheckBox"));
    m_lanAccess->setChecked(false); // nothing listens on the network unless asked for
    auto *explanation =
        new QLabel(tr("Off: only programs on this computer can reach the server "
                      "(http://127.0.0.1:3000).\n\n"
                      "On: the server also answers encrypted HTTPS on this computer's network "
                      "addresses, with a certificate made for it. The Server tab shows the "
                      "addresses and the certificate's fingerprint for clients to check. "
                      "The firewall may have to allow port 3443.\n\n"
                      "You can change this later in the Server tab."),
                   page);
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
