#include "first_run_wizard.h"

namespace academy::app {

FirstRunWizard::FirstRunWizard(QWidget *parent) : QWizard(parent)
{
    setObjectName(QStringLiteral("firstRunWizard"));
}

QString FirstRunWizard::adminEmail() const { return {}; }
QString FirstRunWizard::adminName() const { return {}; }
QString FirstRunWizard::adminPassword() const { return {}; }
QString FirstRunWizard::dataDir() const { return {}; }
QString FirstRunWizard::databaseUrl() const { return {}; }
bool FirstRunWizard::lanAccess() const { return false; }

} // namespace academy::app
