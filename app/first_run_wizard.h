#pragma once

#include <QWizard>

namespace academy::app {

// The first start: the first admin (email, name, password with the API's policy and live
// feedback), where the data lives and which database (embedded SQLite, or a PostgreSQL URL
// tested on the spot), and whether LAN clients may connect.
class FirstRunWizard final : public QWizard
{
    Q_OBJECT

public:
    explicit FirstRunWizard(QWidget *parent = nullptr);

    QString adminEmail() const;
    QString adminName() const;
    QString adminPassword() const;
    QString dataDir() const;
    QString databaseUrl() const; // empty: the embedded SQLite file in dataDir()
    bool lanAccess() const;
};

} // namespace academy::app
