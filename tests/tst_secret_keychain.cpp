// loadJwtSecret against a real keychain: QtKeychain talking to gnome-keyring over the Secret
// Service API. Runs under tests/with_keyring.sh, which gives it a private D-Bus session and a
// throwaway unlocked keyring; without one it fails, it never skips.

#include "checks.h"
#include "database_password.h"
#include "database_url.h"
#include "secret_store.h"

#include <qt6keychain/keychain.h>

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <type_traits>

using namespace academy;

namespace {

const QString kService = QStringLiteral("academy-admin");

struct JobOutcome
{
    QKeychain::Error error = QKeychain::OtherError;
    QString errorString;
    QByteArray data;
};

// Runs one QtKeychain job directly, as a second opinion on what loadJwtSecret stored.
template <typename Job>
JobOutcome run(std::unique_ptr<Job> job, const QString &key)
{
    job->setAutoDelete(false);
    job->setKey(key);
    QSignalSpy finished(job.get(), &QKeychain::Job::finished);
    job->start();
    if (!finished.wait(10000))
        return {QKeychain::OtherError, QStringLiteral("no answer within 10 s"), {}};
    JobOutcome outcome{job->error(), job->errorString(), {}};
    if constexpr (std::is_same_v<Job, QKeychain::ReadPasswordJob>)
        outcome.data = job->binaryData();
    return outcome;
}

JobOutcome readEntry(const QString &key)
{
    return run(std::make_unique<QKeychain::ReadPasswordJob>(kService), key);
}

JobOutcome deleteEntry(const QString &key)
{
    return run(std::make_unique<QKeychain::DeletePasswordJob>(kService), key);
}

// The key loadJwtSecret should use: the database URL without its password.
QString keyFor(const Config &config)
{
    return QStringLiteral("jwt-secret:") + DatabaseUrl::parse(config.dbUrl)->redacted();
}

} // namespace

class TestSecretKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void firstLoadGeneratesAndStores();
    void secondLoadReadsTheSameBytes();
    void entryKeyNamesTheDatabaseWithoutItsPassword();
    void otherDatabaseGetsItsOwnSecret();
    void entriesCanBeDeleted();
    void databasePasswordGoesToTheKeychain();
    void databasePasswordFileLeftFromBeforeIsRemoved();
    void cleanupTestCase();

private:
    Config configFor(const QString &database) const;
    QString passwordlessUrl() const;
    QString databasePasswordKey() const;

    QTemporaryDir m_dataDir;
    // Unique per run, so a keyring shared by mistake never mixes runs.
    const QString m_database =
        QStringLiteral("academy_") + QUuid::createUuid().toString(QUuid::Id128);
    QByteArray m_secret;
};

Config TestSecretKeychain::configFor(const QString &database) const
{
    Config config;
    config.dataDir = m_dataDir.path();
    config.dbUrl =
        QStringLiteral("postgresql://academy:hunter2-db-password@db.example:5432/") + database;
    return config;
}

QString TestSecretKeychain::passwordlessUrl() const
{
    return QStringLiteral("postgresql://academy@db.example:5432/") + m_database;
}

QString TestSecretKeychain::databasePasswordKey() const
{
    return QStringLiteral("database-password:postgresql://academy:***@db.example:5432/") +
           m_database;
}

void TestSecretKeychain::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run this test through tests/with_keyring.sh (ctest does)");
    qunsetenv("ACADEMY_NO_KEYCHAIN");
    QVERIFY(m_dataDir.isValid());
}

void TestSecretKeychain::firstLoadGeneratesAndStores()
{
    QCOMPARE(readEntry(keyFor(configFor(m_database))).error, QKeychain::EntryNotFound);
    const Result<JwtSecret> secret = loadJwtSecret(configFor(m_database));
    QVERIFY_OK(secret);
    QCOMPARE(secretSourceName(*secret), QStringLiteral("keychain"));
    QCOMPARE(secret->bytes.size(), 32);
    QVERIFY(secret->bytes != QByteArray(32, '\0'));
    // The keychain worked, so no file fallback was written.
    QVERIFY(!QFile::exists(QDir(m_dataDir.path()).filePath(QStringLiteral("secret"))));
    m_secret = secret->bytes;
}

void TestSecretKeychain::secondLoadReadsTheSameBytes()
{
    QVERIFY(!m_secret.isEmpty());
    const Result<JwtSecret> secret = loadJwtSecret(configFor(m_database));
    QVERIFY_OK(secret);
    QCOMPARE(secret->source, SecretSource::Keychain);
    QCOMPARE(secret->bytes, m_secret);
}

void TestSecretKeychain::entryKeyNamesTheDatabaseWithoutItsPassword()
{
    const QString key = keyFor(configFor(m_database));
    QCOMPARE(key, "jwt-secret:postgresql://academy:***@db.example:5432/" + m_database);
    const JobOutcome stored = readEntry(key);
    QCOMPARE(stored.error, QKeychain::NoError);
    QCOMPARE(stored.data, m_secret);
    const JobOutcome withPassword =
        readEntry(QStringLiteral("jwt-secret:") + configFor(m_database).dbUrl);
    QCOMPARE(withPassword.error, QKeychain::EntryNotFound);
}

void TestSecretKeychain::otherDatabaseGetsItsOwnSecret()
{
    const Result<JwtSecret> other = loadJwtSecret(configFor(m_database + QStringLiteral("_other")));
    QVERIFY_OK(other);
    QCOMPARE(other->source, SecretSource::Keychain);
    QCOMPARE(other->bytes.size(), 32);
    QVERIFY(other->bytes != m_secret);
}

void TestSecretKeychain::entriesCanBeDeleted()
{
    for (const QString &database : {m_database, m_database + QStringLiteral("_other")}) {
        const QString key = keyFor(configFor(database));
        const JobOutcome deleted = deleteEntry(key);
        QVERIFY2(deleted.error == QKeychain::NoError, qPrintable(deleted.errorString));
        QCOMPARE(readEntry(key).error, QKeychain::EntryNotFound);
    }
}

void TestSecretKeychain::databasePasswordGoesToTheKeychain()
{
    const QString password = QStringLiteral("hunter2 p@ss:wörd");
    const Result<SecretSource> stored =
        storeDatabasePassword(m_dataDir.path(), passwordlessUrl(), password);
    QVERIFY_OK(stored);
    QCOMPARE(*stored, SecretSource::Keychain);

    const JobOutcome entry = readEntry(databasePasswordKey());
    QVERIFY2(entry.error == QKeychain::NoError, qPrintable(entry.errorString));
    QCOMPARE(entry.data, password.toUtf8());
    QVERIFY(!QFile::exists(QDir(m_dataDir.path()).filePath(QStringLiteral("database-password"))));
    const Result<std::optional<QString>> loaded =
        loadDatabasePassword(m_dataDir.path(), passwordlessUrl());
    QVERIFY_OK(loaded);
    QCOMPARE(loaded->value_or(QString()), password);
}

// Stored once without a keychain (a 0600 file), then again with one: no copy stays on disk.
void TestSecretKeychain::databasePasswordFileLeftFromBeforeIsRemoved()
{
    const QString file = QDir(m_dataDir.path()).filePath(QStringLiteral("database-password"));
    qputenv("ACADEMY_NO_KEYCHAIN", "1");
    const Result<SecretSource> inFile =
        storeDatabasePassword(m_dataDir.path(), passwordlessUrl(), QStringLiteral("old"));
    qunsetenv("ACADEMY_NO_KEYCHAIN");
    QVERIFY_OK(inFile);
    QCOMPARE(*inFile, SecretSource::File);
    QVERIFY(QFile::exists(file));

    const Result<SecretSource> inKeychain =
        storeDatabasePassword(m_dataDir.path(), passwordlessUrl(), QStringLiteral("new"));
    QVERIFY_OK(inKeychain);
    QCOMPARE(*inKeychain, SecretSource::Keychain);
    QVERIFY(!QFile::exists(file));
    QCOMPARE(loadDatabasePassword(m_dataDir.path(), passwordlessUrl())->value_or(QString()),
             QStringLiteral("new"));
}

void TestSecretKeychain::cleanupTestCase()
{
    deleteEntry(databasePasswordKey());
    // After a failure part-way, leave no entries behind (errors here are expected).
    for (const QString &database : {m_database, m_database + QStringLiteral("_other")})
        deleteEntry(keyFor(configFor(database)));
}

QTEST_GUILESS_MAIN(TestSecretKeychain)
#include "tst_secret_keychain.moc"
