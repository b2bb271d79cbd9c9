// The first-run wizard on the real widgets: fields filled by object name, pages turned with
// QWizard::next(), choices read back through the getters main() uses and saved as main()
// saves them.
#include "app_settings.h"
#include "app_startup.h"
#include "checks.h"
#include "config.h"
#include "database_password.h"
#include "first_run_wizard.h"
#include "test_server.h"
#include "validation.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace academy;
using app::FirstRunWizard;

namespace {

const QString GoodPassword = QStringLiteral("correct horse battery staple");

void type(FirstRunWizard &wizard, const char *objectName, const QString &text)
{
    auto *edit = wizard.findChild<QLineEdit *>(QLatin1String(objectName));
    QVERIFY2(edit, objectName);
    edit->setText(text);
}

QLabel *label(FirstRunWizard &wizard, const char *objectName)
{
    return wizard.findChild<QLabel *>(QLatin1String(objectName));
}

bool nextEnabled(FirstRunWizard &wizard)
{
    return wizard.button(QWizard::NextButton)->isEnabled();
}

void fillAdmin(FirstRunWizard &wizard, const QString &password = GoodPassword,
               const QString &repeat = GoodPassword)
{
    type(wizard, "emailEdit", QStringLiteral("head@school.test"));
    type(wizard, "nameEdit", QStringLiteral("Head Teacher"));
    type(wizard, "passwordEdit", password);
    type(wizard, "repeatPasswordEdit", repeat);
}

void choosePostgres(FirstRunWizard &wizard, const QString &url)
{
    wizard.findChild<QRadioButton *>(QStringLiteral("postgresRadio"))->setChecked(true);
    type(wizard, "postgresUrlEdit", url);
}

} // namespace

class TestGuiWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void shortPasswordKeepsNextDisabledWithThePolicyMessage();
    void differentRepeatKeepsNextDisabled();
    void badEmailShowsTheSharedRuleMessage();
    void validAdminLeadsToTheDataPage();
    void defaultsAreSqliteInTheAppDataFolderWithoutLan();
    void gettersReturnWhatWasChosen();
    void lanPageTellsTheConfiguredPorts();
    void lanAccessNeedsHttps();
    void malformedPostgresUrlIsExplainedBesideTheField();
    void unreachablePostgresReportsAReadableFailure();
    void savedPostgresUrlKeepsItsPasswordOutOfTheSettingsFile();

private:
    std::unique_ptr<FirstRunWizard> m_wizard;
};

void TestGuiWizard::initTestCase()
{
    qputenv("ACADEMY_NO_KEYCHAIN", "1"); // secrets go to 0600 files in the temporary folders
}

void TestGuiWizard::init()
{
    m_wizard = std::make_unique<FirstRunWizard>();
    m_wizard->show();
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::AdminPage));
}

void TestGuiWizard::shortPasswordKeepsNextDisabledWithThePolicyMessage()
{
    fillAdmin(*m_wizard, QStringLiteral("short"), QStringLiteral("short"));

    QVERIFY(!nextEnabled(*m_wizard));
    QLabel *message = label(*m_wizard, "passwordMessage");
    QVERIFY(message && message->isVisible());
    QCOMPARE(message->text(), validatePassword(QStringLiteral("short")).error().message);
    m_wizard->next();
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::AdminPage));
}

void TestGuiWizard::differentRepeatKeepsNextDisabled()
{
    fillAdmin(*m_wizard, GoodPassword, GoodPassword + QLatin1Char('!'));

    QVERIFY(!nextEnabled(*m_wizard));
    QVERIFY(label(*m_wizard, "repeatPasswordMessage")->isVisible());
    QVERIFY(!label(*m_wizard, "passwordMessage")->isVisible());
}

void TestGuiWizard::badEmailShowsTheSharedRuleMessage()
{
    fillAdmin(*m_wizard);
    type(*m_wizard, "emailEdit", QStringLiteral("head.school.test"));

    QVERIFY(!nextEnabled(*m_wizard));
    QLabel *message = label(*m_wizard, "emailMessage");
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), normalizeEmail(QStringLiteral("head.school.test")).error().message);
}

void TestGuiWizard::validAdminLeadsToTheDataPage()
{
    fillAdmin(*m_wizard);

    QVERIFY(nextEnabled(*m_wizard));
    m_wizard->next();
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::DataPage));
}

void TestGuiWizard::defaultsAreSqliteInTheAppDataFolderWithoutLan()
{
    fillAdmin(*m_wizard);
    m_wizard->next();
    m_wizard->next();

    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::LanPage));
    QCOMPARE(m_wizard->dataDir(), QDir::cleanPath(Config::defaultDataDir()));
    QCOMPARE(m_wizard->databaseUrl(), QString());
    QVERIFY(!m_wizard->lanAccess());
}

void TestGuiWizard::gettersReturnWhatWasChosen()
{
    QTemporaryDir folder;
    const QString url = QStringLiteral("postgresql://academy:pw@db.school.lan:5432/academy");
    fillAdmin(*m_wizard);
    m_wizard->next();
    type(*m_wizard, "dataDirEdit", folder.path());
    choosePostgres(*m_wizard, url);
    QVERIFY(nextEnabled(*m_wizard));
    m_wizard->next();
    m_wizard->findChild<QCheckBox *>(QStringLiteral("lanAccessCheckBox"))->setChecked(true);

    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::LanPage));
    QCOMPARE(m_wizard->adminEmail(), QStringLiteral("head@school.test"));
    QCOMPARE(m_wizard->adminName(), QStringLiteral("Head Teacher"));
    QCOMPARE(m_wizard->adminPassword(), GoodPassword);
    QCOMPARE(m_wizard->dataDir(), folder.path());
    QCOMPARE(m_wizard->databaseUrl(), url);
    QVERIFY(m_wizard->lanAccess());
}

// PORT and TLS_PORT from flags or the environment are what the LAN page describes.
void TestGuiWizard::lanPageTellsTheConfiguredPorts()
{
    Config config;
    config.port = 8080;
    config.tlsPort = 8443;
    FirstRunWizard wizard(config);
    QCheckBox *lan = wizard.findChild<QCheckBox *>(QStringLiteral("lanAccessCheckBox"));
    QLabel *explanation = label(wizard, "lanExplanation");

    QVERIFY(lan->isEnabled());
    QVERIFY2(lan->text().contains(QStringLiteral("port 8443")), qPrintable(lan->text()));
    QVERIFY2(explanation->text().contains(QStringLiteral("(http://127.0.0.1:8080)")), qPrintable(explanation->text()));
    QVERIFY2(explanation->text().contains(QStringLiteral("allow port 8443")), qPrintable(explanation->text()));
    QVERIFY(!explanation->text().contains(QStringLiteral("3000")));
    QVERIFY(!explanation->text().contains(QStringLiteral("3443")));
}

// TLS_PORT=0 switches HTTPS off: there is nothing the network could connect to.
void TestGuiWizard::lanAccessNeedsHttps()
{
    Config config;
    config.tlsPort = 0;
    FirstRunWizard wizard(config);
    QCheckBox *lan = wizard.findChild<QCheckBox *>(QStringLiteral("lanAccessCheckBox"));

    QVERIFY(!lan->isEnabled());
    QVERIFY(!wizard.lanAccess());
    QVERIFY2(lan->text().contains(QStringLiteral("TLS_PORT is 0")), qPrintable(lan->text()));
    QVERIFY2(label(wizard, "lanExplanation")->text().contains(QStringLiteral("(http://127.0.0.1:3000)")),
             qPrintable(label(wizard, "lanExplanation")->text()));
}

void TestGuiWizard::malformedPostgresUrlIsExplainedBesideTheField()
{
    fillAdmin(*m_wizard);
    m_wizard->next();

    choosePostgres(*m_wizard, QStringLiteral("mysql://db.school.lan/academy"));

    QVERIFY(!nextEnabled(*m_wizard));
    QLabel *message = label(*m_wizard, "postgresUrlMessage");
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QLatin1String("unknown database engine \"mysql\"")),
             qPrintable(message->text()));
}

void TestGuiWizard::unreachablePostgresReportsAReadableFailure()
{
    fillAdmin(*m_wizard);
    m_wizard->next();
    const test::PortReservation nobodyListens; // held, so nothing else can start listening there
    const QString url =
        QStringLiteral("postgresql://academy:s3cret-pw@127.0.0.1:%1/academy").arg(nobodyListens.port());
    choosePostgres(*m_wizard, url);
    auto *testButton = m_wizard->findChild<QPushButton *>(QStringLiteral("testConnectionButton"));
    auto *busy = m_wizard->findChild<QProgressBar *>(QStringLiteral("connectionBusy"));
    QVERIFY(testButton && testButton->isEnabled() && busy);

    QTest::mouseClick(testButton, Qt::LeftButton);
    QVERIFY(busy->isVisible()); // the GUI thread is free while the worker connects

    QLabel *result = label(*m_wizard, "connectionResultLabel");
    QTRY_VERIFY_WITH_TIMEOUT(!busy->isVisible(), 10000);
    QVERIFY(result->isVisible());
    QVERIFY2(result->text().startsWith(
                 QLatin1String("Cannot open the database postgresql://academy:***@127.0.0.1")),
             qPrintable(result->text()));
    QVERIFY2(!result->text().contains(QLatin1String("s3cret-pw")),
             "the password must never be shown");
    QVERIFY(testButton->isEnabled());
}

void TestGuiWizard::savedPostgresUrlKeepsItsPasswordOutOfTheSettingsFile()
{
    QTemporaryDir folder;
    const QString iniPath = folder.filePath(QStringLiteral("settings.ini"));
    const QString dataDir = folder.filePath(QStringLiteral("data"));
    const QString password = QStringLiteral("s3cret p@ss");
    const QString url =
        QStringLiteral("postgresql://academy:s3cret%20p%40ss@db.school.lan:5432/academy");
    fillAdmin(*m_wizard);
    m_wizard->next();
    type(*m_wizard, "dataDirEdit", dataDir);
    choosePostgres(*m_wizard, url);
    QVERIFY(nextEnabled(*m_wizard));
    m_wizard->next();

    {
        app::AppSettings settings(iniPath);
        QVERIFY_OK(app::saveFirstRunChoices(*m_wizard, settings, {}));
    }

    QFile file(iniPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray onDisk = file.readAll();
    QVERIFY2(onDisk.contains("postgresql://academy@db.school.lan:5432/academy"),
             onDisk.constData());
    for (const char *form : {"s3cret", "p@ss", "p%40ss"})
        QVERIFY2(!onDisk.contains(form), onDisk.constData());
    const Result<std::optional<QString>> stored = loadDatabasePassword(dataDir, url);
    QVERIFY_OK(stored);
    QCOMPARE(stored->value_or(QString()), password);
    app::AppSettings settings(iniPath);
    QVERIFY(settings.firstRunDone());
    const Result<Config> config = app::loadAppConfig(settings, {});
    QVERIFY_OK(config);
    QCOMPARE(config->dbUrl, url);
}

QTEST_MAIN(TestGuiWizard)
#include "tst_gui_wizard.moc"
