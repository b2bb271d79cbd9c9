// The desktop app's start-up with a saved PostgreSQL URL: its password lives in the secret
// store (here the 0600 file, as ACADEMY_NO_KEYCHAIN is set), never in the settings file;
// settings saved with the password by an older version are moved over at the next start; a
// password gone from the store is a readable error. Against the throwaway PostgreSQL
// cluster, the URL rebuilt at start signs in for real.
#include "app_context.h"
#include "app_settings.h"
#include "app_startup.h"
#include "checks.h"
#include "database_password.h"
#include "database_url.h"
#include "saved_database_url.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace academy;

namespace {

const QString Password = QStringLiteral("s3cret p@ss");
const QString Url =
    QStringLiteral("postgresql://academy:s3cret%20p%40ss@db.school.lan:5432/academy");
const QString UrlWithoutPassword =
    QStringLiteral("postgresql://academy@db.school.lan:5432/academy");

QByteArray contentOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool holdsPassword(const QByteArray &bytes, const QString &password)
{
    const QByteArray encoded = QUrl::toPercentEncoding(password);
    return bytes.contains(password.toUtf8()) || bytes.contains(encoded);
}

} // namespace

class TestAppStartup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void passwordSavedByAnOlderVersionIsMovedToTheSecretStore();
    void movedPasswordServesTheNextStartsToo();
    void missingStoredPasswordIsAReadableError();
    void urlGivenOnTheCommandLineNeedsNoStoredPassword();
    void urlWithoutPasswordIsUsedAsSaved();
    void savedUrlSignsInToPostgresWithTheStoredPassword();

private:
    QString iniPath() const { return m_dir->filePath(QStringLiteral("settings.ini")); }
    QString dataDir() const { return m_dir->filePath(QStringLiteral("data")); }
    // Settings as the first-run wizard leaves them, with the data folder of this test.
    std::unique_ptr<app::AppSettings> settings();

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAppStartup::initTestCase()
{
    qputenv("ACADEMY_NO_KEYCHAIN", "1");
}

void TestAppStartup::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestAppStartup::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<app::AppSettings> TestAppStartup::settings()
{
    auto settings = std::make_unique<app::AppSettings>(iniPath());
    settings->setValue(QStringLiteral("DATA_DIR"), dataDir());
    settings->setFirstRunDone(true);
    return settings;
}

void TestAppStartup::passwordSavedByAnOlderVersionIsMovedToTheSecretStore()
{
    {
        auto old = settings();
        old->setValue(QStringLiteral("DB_URL"), Url); // how DB_URL used to be saved
        old->raw().sync();
    }
    QVERIFY(holdsPassword(contentOf(iniPath()), Password));

    auto current = settings();
    const Result<Config> config = app::loadAppConfig(*current, {});

    QVERIFY_OK(config);
    QCOMPARE(config->dbUrl, Url);
    const QByteArray onDisk = contentOf(iniPath());
    QVERIFY2(!holdsPassword(onDisk, Password), onDisk.constData());
    QCOMPARE(current->value(QStringLiteral("DB_URL")), UrlWithoutPassword);
    QVERIFY(current->databasePasswordStored());
    const Result<std::optional<QString>> stored =
        loadDatabasePassword(dataDir(), UrlWithoutPassword);
    QVERIFY_OK(stored);
    QCOMPARE(stored->value_or(QString()), Password);
}

void TestAppStartup::movedPasswordServesTheNextStartsToo()
{
    {
        auto old = settings();
        old->setValue(QStringLiteral("DB_URL"), Url);
        QVERIFY_OK(app::loadAppConfig(*old, {}));
    }
    for (int start = 0; start < 2; ++start) {
        auto next = settings();
        const Result<Config> config = app::loadAppConfig(*next, {});
        QVERIFY_OK(config);
        QCOMPARE(config->dbUrl, Url);
        QCOMPARE(next->value(QStringLiteral("DB_URL")), UrlWithoutPassword);
    }
}

void TestAppStartup::missingStoredPasswordIsAReadableError()
{
    auto saved = settings();
    QVERIFY_OK(app::saveDatabaseUrl(*saved, Url, dataDir()));
    QVERIFY(QFile::remove(QDir(dataDir()).filePath(QStringLiteral("database-password"))));

    const Result<Config> config = app::loadAppConfig(*saved, {});
    QVERIFY2(!config.ok(), "started without the database password");
    const QString message = config.error().message;
    QVERIFY2(message.startsWith(QLatin1String(
                 "The password of the database postgresql://academy:***@db.school.lan:5432/academy "
                 "is missing")),
             qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("keychain")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("--db-url")), qPrintable(message));
    QVERIFY(!message.contains(QLatin1String("s3cret")));
    // main() shows openApp's message: the same words, and no database was tried.
    const Result<std::unique_ptr<app::AppContext>> opened = app::openApp(*saved, {});
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().message, message);
}

void TestAppStartup::urlGivenOnTheCommandLineNeedsNoStoredPassword()
{
    auto saved = settings();
    QVERIFY_OK(app::saveDatabaseUrl(*saved, Url, dataDir()));
    QVERIFY(QFile::remove(QDir(dataDir()).filePath(QStringLiteral("database-password"))));
    const QString given = QStringLiteral("postgresql://academy:other@db.school.lan:5432/academy");

    const Result<Config> config = app::loadAppConfig(*saved, {QStringLiteral("--db-url"), given});

    QVERIFY_OK(config);
    QCOMPARE(config->dbUrl, given);
}

// A server that needs no password (trust, peer): nothing is stored, nothing is missing.
void TestAppStartup::urlWithoutPasswordIsUsedAsSaved()
{
    auto saved = settings();
    QVERIFY_OK(app::saveDatabaseUrl(*saved, UrlWithoutPassword, dataDir()));
    QVERIFY(!saved->databasePasswordStored());
    QVERIFY(!QFile::exists(QDir(dataDir()).filePath(QStringLiteral("database-password"))));

    const Result<Config> config = app::loadAppConfig(*saved, {});

    QVERIFY_OK(config);
    QCOMPARE(config->dbUrl, UrlWithoutPassword);
}

void TestAppStartup::savedUrlSignsInToPostgresWithTheStoredPassword()
{
    const auto database = test::TestDatabase::create(Engine::PostgreSQL, false);
    QVERIFY(database);
    const Result<DatabaseUrlParts> parts = splitDatabaseUrl(database->url());
    QVERIFY_OK(parts);
    QVERIFY2(!parts->password.isEmpty(), "the test cluster should ask for a password");
    auto saved = settings();
    QVERIFY_OK(app::saveDatabaseUrl(*saved, database->url(), dataDir()));
    QVERIFY(!holdsPassword(contentOf(iniPath()), parts->password));

    {
        Result<std::unique_ptr<app::AppContext>> opened =
            app::openApp(*saved, {QStringLiteral("--port"), QStringLiteral("0"),
                                  QStringLiteral("--tls-port"), QStringLiteral("0")});
        QVERIFY_OK(opened);
        QVERIFY_OK(opened.value()->database().ping());
    }
    // The cluster refuses the URL without its password: the stored one did the signing in.
    Database withoutPassword(DatabaseUrl::parse(parts->url).value());
    QVERIFY(!withoutPassword.ping().ok());
}

QTEST_MAIN(TestAppStartup)
#include "tst_app_startup.moc"
