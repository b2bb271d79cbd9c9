#pragma once

#include "config.h"

#include <QWizard>

class QCheckBox;

namespace academy::app {

class WizardAdminPage;
class WizardDataPage;

// The first start: the first admin (email, name, password with the API's policy and live
// feedback), where the data lives and which database (embedded SQLite, or a PostgreSQL URL
// tested on the spot), and whether LAN clients may connect.
class FirstRunWizard final : public QWizard
{
    Q_OBJECT

public:
    enum PageId
    {
        AdminPage,
        DataPage,
        LanPage
    };

    // `config`: the configuration as it stands before the wizard (flags, environment), for
    // the addresses and ports it describes.
    explicit FirstRunWizard(const Config &config = Config(), QWidget *parent = nullptr);

    QString adminEmail() const;
    QString adminName() const;
    QString adminPassword() const;
    QString dataDir() const;
    QString databaseUrl() const; // empty: the embedded SQLite file in dataDir()
    bool lanAccess() const;

private:
    QWizardPage *buildLanPage(const Config &config);

    WizardAdminPage *m_admin;
    WizardDataPage *m_data;
    QCheckBox *m_lanAccess = nullptr;
};

} // namespace academy::app
