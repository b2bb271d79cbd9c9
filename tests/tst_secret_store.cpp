// loadJwtSecret without a keychain (ACADEMY_NO_KEYCHAIN, or no D-Bus session): JWT_SECRET as
// given, else a 0600 file in DATA_DIR. The real keychain is tst_secret_keychain.
// The database password likewise: split from DB_URL, kept in a 0600 file, joined back.

#include "checks.h"
#include "database_password.h"
#include "database_url.h"
#include "secret_store.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace academy;

namespace {

const QByteArray kHandWritten = "0123456789abcdef0123456789abcdef-hand-written-secret";

Config configIn(const QString &dataDir)
{
    Config config;
    config.dataDir = dataDir;
    config.dbUrl = QStringLiteral("sqlite://%1/academy.db").arg(dataDir);
    return config;
}

int modeOf(const QString &path)
{
    struct stat status {};
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return -1;
    return int(status.st_mode & 07777);
}

bool writeFile(const QString &path, const QByteArray &content, int mode)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return false;
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}

QString secretPath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("secret"));
}

QString databasePasswordPath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("database-password"));
}

const QString kDatabaseUrl = QStringLiteral("postgresql://academy@db.school.lan:5432/academy");

// Sets or unsets one environment variable for the life of this object.
class ScopedEnv
{
public:
    ScopedEnv(const char *name, const QByteArray &value, bool set = true)
        : m_name(name), m_wasSet(qEnvironmentVariableIsSet(name)), m_old(qgetenv(name))
    {
        if (set)
            qputenv(name, value);
        else
            qunsetenv(name);
    }
    ~ScopedEnv()
    {
        if (m_wasSet)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
    const char *m_name;
    bool m_wasSet;
    QByteArray m_old;
};

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void environmentSecretUsedAsIs();
    void shortEnvironmentSecretRefused();
    void fileCreatedOwnerOnly();
    void fileOwnerOnlyWhateverTheUmask_data();
    void fileOwnerOnlyWhateverTheUmask();
    void fileHoldsHexOf32RandomBytes();
    void secondLoadReturnsSameSecret();
    void fileWorksAsJwtSecretElsewhere();
    void missingDataDirCreated();
    void handWrittenFileReadWithoutItsNewline();
    void shortFileRefused();
    void fileOpenToOtherUsersRefused_data();
    void fileOpenToOtherUsersRefused();
    void directoryInsteadOfFileRefused();
    void noSessionBusFallsBackToFile();
    void sourceNamesForTheLog();
    void splitTakesThePasswordOutAndJoinPutsItBack_data();
    void splitTakesThePasswordOutAndJoinPutsItBack();
    void splitRefusesWhatDatabaseUrlRefuses();
    void databasePasswordFileOwnerOnlyWithTheExactPassword();
    void databasePasswordReplacedByTheNextStore();
    void noStoredDatabasePasswordIsEmpty();
    void databasePasswordFileOpenToOtherUsersRefused();
};

void TestSecretStore::initTestCase()
{
    qputenv("ACADEMY_NO_KEYCHAIN", "1");
}

void TestSecretStore::environmentSecretUsedAsIs()
{
    QTemporaryDir dir;
    Config config = configIn(dir.path());
    config.jwtSecret = "an-environment-secret-of-more-than-32-bytes";
    const Result<JwtSecret> secret = loadJwtSecret(config);
    QVERIFY_OK(secret);
    QCOMPARE(secret->bytes, config.jwtSecret);
    QCOMPARE(secret->source, SecretSource::Environment);
    QVERIFY(!QFile::exists(secretPath(dir)));
}

void TestSecretStore::shortEnvironmentSecretRefused()
{
    QTemporaryDir dir;
    Config config = configIn(dir.path());
    config.jwtSecret = "only-31-bytes-of-secret-1234567";
    QCOMPARE(config.jwtSecret.size(), 31);
    const Result<JwtSecret> secret = loadJwtSecret(config);
    QVERIFY_ERROR(secret, ErrorCode::ValidationFailed);
    QVERIFY2(secret.error().message.startsWith("JWT_SECRET: must be at least 32 bytes"),
             qPrintable(secret.error().message));
    QVERIFY(!secret.error().message.contains(QString::fromLatin1(config.jwtSecret)));
    QVERIFY(!QFile::exists(secretPath(dir)));
}

void TestSecretStore::fileCreatedOwnerOnly()
{
    QTemporaryDir dir;
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dir.path()));
    QVERIFY_OK(secret);
    QCOMPARE(secret->source, SecretSource::File);
    QCOMPARE(secret->filePath, secretPath(dir));
    QCOMPARE(modeOf(secretPath(dir)), 0600);
    QCOMPARE(QFileInfo(secretPath(dir)).permissions(),
             QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
}

void TestSecretStore::fileOwnerOnlyWhateverTheUmask_data()
{
    QTest::addColumn<int>("umask");
    QTest::newRow("000") << 000;
    QTest::newRow("022") << 022;
    QTest::newRow("277") << 0277;
}

void TestSecretStore::fileOwnerOnlyWhateverTheUmask()
{
    QFETCH(int, umask);
    QTemporaryDir dir;
    const mode_t previous = ::umask(mode_t(umask));
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dir.path()));
    ::umask(previous);
    QVERIFY_OK(secret);
    QCOMPARE(modeOf(secretPath(dir)), 0600);
}

void TestSecretStore::fileHoldsHexOf32RandomBytes()
{
    QTemporaryDir dir;
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dir.path()));
    QVERIFY_OK(secret);
    QCOMPARE(secret->bytes.size(), 64);
    QCOMPARE(QByteArray::fromHex(secret->bytes).toHex(), secret->bytes);
    QFile file(secretPath(dir));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), secret->bytes + '\n');
    // Nothing else is left behind in DATA_DIR (no temporary file).
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"secret"});

    QTemporaryDir otherDir;
    const Result<JwtSecret> other = loadJwtSecret(configIn(otherDir.path()));
    QVERIFY_OK(other);
    QVERIFY(other->bytes != secret->bytes);
}

void TestSecretStore::secondLoadReturnsSameSecret()
{
    QTemporaryDir dir;
    const Result<JwtSecret> first = loadJwtSecret(configIn(dir.path()));
    QVERIFY_OK(first);
    const Result<JwtSecret> second = loadJwtSecret(configIn(dir.path()));
    QVERIFY_OK(second);
    QCOMPARE(second->bytes, first->bytes);
    QCOMPARE(second->source, SecretSource::File);
    QCOMPARE(modeOf(secretPath(dir)), 0600);
}

// Several server instances share one key: JWT_SECRET=$(cat DATA_DIR/secret) on the others.
void TestSecretStore::fileWorksAsJwtSecretElsewhere()
{
    QTemporaryDir dir;
    const Result<JwtSecret> fromFile = loadJwtSecret(configIn(dir.path()));
    QVERIFY_OK(fromFile);
    QFile file(secretPath(dir));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QTemporaryDir otherDir;
    Config other = configIn(otherDir.path());
    other.jwtSecret = file.readAll().trimmed(); // what $(cat …) gives
    const Result<JwtSecret> fromEnvironment = loadJwtSecret(other);
    QVERIFY_OK(fromEnvironment);
    QCOMPARE(fromEnvironment->bytes, fromFile->bytes);
}

void TestSecretStore::missingDataDirCreated()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("not/yet/there"));
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dataDir));
    QVERIFY_OK(secret);
    QCOMPARE(secret->filePath, dataDir + QStringLiteral("/secret"));
    QCOMPARE(modeOf(secret->filePath), 0600);
}

void TestSecretStore::handWrittenFileReadWithoutItsNewline()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(secretPath(dir), kHandWritten + '\n', 0600));
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dir.path()));
    QVERIFY_OK(secret);
    QCOMPARE(secret->bytes, kHandWritten);
    QCOMPARE(secret->source, SecretSource::File);
}

void TestSecretStore::shortFileRefused()
{
    QTemporaryDir dir;
    const QByteArray shortSecret = "31-bytes-is-one-too-few-1234567";
    QVERIFY(writeFile(secretPath(dir), shortSecret + '\n', 0600));
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dir.path()));
    QVERIFY2(!secret.ok(), "a short secret file was accepted");
    const QString message = secret.error().message;
    QVERIFY2(message.startsWith("secret file " + secretPath(dir)), qPrintable(message));
    QVERIFY2(message.contains("holds fewer than 32 bytes"), qPrintable(message));
    QVERIFY(!message.contains(QString::fromLatin1(shortSecret)));
    QFile file(secretPath(dir));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), shortSecret + '\n'); // left for the administrator, not replaced
}

void TestSecretStore::fileOpenToOtherUsersRefused_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("world-readable 644") << 0644;
    QTest::newRow("group-readable 640") << 0640;
    QTest::newRow("world-readable 604") << 0604;
    QTest::newRow("group-writable 620") << 0620;
    QTest::newRow("world-writable 602") << 0602;
    QTest::newRow("group-executable 610") << 0610;
}

// Refused, not tightened: the secret may already have been read, so the administrator
// decides between chmod 600 and deleting the file to get a new one.
void TestSecretStore::fileOpenToOtherUsersRefused()
{
    QFETCH(int, mode);
    QTemporaryDir dir;
    QVERIFY(writeFile(secretPath(dir), kHandWritten, mode));
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dir.path()));
    QVERIFY2(!secret.ok(), "a file open to other users was accepted");
    const QString message = secret.error().message;
    QVERIFY2(message.contains(secretPath(dir)), qPrintable(message));
    QVERIFY2(message.contains("readable or writable by other users"), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("(mode 0%1)").arg(mode, 0, 8)), qPrintable(message));
    QVERIFY2(message.contains("chmod 600"), qPrintable(message));
    QVERIFY(!message.contains(QString::fromLatin1(kHandWritten)));
    QCOMPARE(modeOf(secretPath(dir)), mode);
}

void TestSecretStore::directoryInsteadOfFileRefused()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("secret")));
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dir.path()));
    QVERIFY2(!secret.ok(), "a directory was taken for the secret file");
    QVERIFY2(secret.error().message.contains("is not a regular file"),
             qPrintable(secret.error().message));
}

// The headless case for real: QtKeychain is asked and fails (no session bus to reach), and
// the file takes over at once rather than after the keychain time-out.
void TestSecretStore::noSessionBusFallsBackToFile()
{
    QTemporaryDir dir;
    const ScopedEnv keychainOn("ACADEMY_NO_KEYCHAIN", {}, false);
    const ScopedEnv noBus("DBUS_SESSION_BUS_ADDRESS",
                          "unix:path=" + QFile::encodeName(dir.filePath("no-bus")));
    const ScopedEnv noDisplay("DISPLAY", {}, false);
    const ScopedEnv noWayland("WAYLAND_DISPLAY", {}, false);
    const ScopedEnv noRuntimeDir("XDG_RUNTIME_DIR", {}, false);
    QElapsedTimer elapsed;
    elapsed.start();
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dir.path()));
    QVERIFY_OK(secret);
    QCOMPARE(secret->source, SecretSource::File);
    QCOMPARE(modeOf(secretPath(dir)), 0600);
    QVERIFY2(elapsed.elapsed() < 4000, qPrintable(QString::number(elapsed.elapsed())));
}

void TestSecretStore::sourceNamesForTheLog()
{
    QCOMPARE(secretSourceName(SecretSource::Environment), QStringLiteral("environment"));
    QCOMPARE(secretSourceName(SecretSource::Keychain), QStringLiteral("keychain"));
    QCOMPARE(secretSourceName(SecretSource::File), QStringLiteral("file"));

    QTemporaryDir dir;
    const Result<JwtSecret> secret = loadJwtSecret(configIn(dir.path()));
    QVERIFY_OK(secret);
    QCOMPARE(secretSourceName(*secret), "file " + secretPath(dir));
    QVERIFY(!secretSourceName(*secret).contains(QString::fromLatin1(secret->bytes)));
}

void TestSecretStore::splitTakesThePasswordOutAndJoinPutsItBack_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("withoutPassword");
    QTest::addColumn<QString>("password");
    QTest::newRow("plain") << "postgresql://academy:hunter2@db.school.lan:5432/academy"
                           << "postgresql://academy@db.school.lan:5432/academy"
                           << "hunter2";
    // Percent-encoded: @ : / % # and a non-ASCII letter stay one password, decoded once.
    QTest::newRow("encoded") << "postgresql://academy:p%40ss%3Aw%2Frd%2525%23%C3%A9@db:5432/academy"
                             << "postgresql://academy@db:5432/academy"
                             << "p@ss:w/rd%25#é";
    QTest::newRow("no port, query kept") << "postgres://u:pw@db/academy?sslmode=require"
                                         << "postgres://u@db/academy?sslmode=require"
                                         << "pw";
    QTest::newRow("IPv6") << "postgresql://u:pw@[::1]:5433/academy"
                          << "postgresql://u@[::1]:5433/academy"
                          << "pw";
    QTest::newRow("no password") << "postgresql://u@db:5432/academy"
                                 << "postgresql://u@db:5432/academy"
                                 << "";
    QTest::newRow("sqlite, left whole") << "sqlite:///var/lib/a:b@c/academy.db"
                                        << "sqlite:///var/lib/a:b@c/academy.db"
                                        << "";
}

void TestSecretStore::splitTakesThePasswordOutAndJoinPutsItBack()
{
    QFETCH(QString, url);
    QFETCH(QString, withoutPassword);
    QFETCH(QString, password);

    const Result<DatabaseUrlParts> parts = splitDatabaseUrl(url);
    QVERIFY_OK(parts);
    QCOMPARE(parts->url, withoutPassword);
    QCOMPARE(parts->password, password);

    const QString joined = joinDatabaseUrl(parts->url, parts->password);
    const Result<DatabaseUrl> original = DatabaseUrl::parse(url);
    const Result<DatabaseUrl> rebuilt = DatabaseUrl::parse(joined);
    QVERIFY_OK(rebuilt);
    QCOMPARE(rebuilt->password, original->password);
    QCOMPARE(rebuilt->user, original->user);
    QCOMPARE(rebuilt->host, original->host);
    QCOMPARE(rebuilt->port, original->port);
    QCOMPARE(rebuilt->database, original->database);
    QCOMPARE(rebuilt->path, original->path);
    if (QTest::currentDataTag() != QLatin1String("encoded")) // QUrl may spell escapes its way
        QCOMPARE(joined, url);
}

void TestSecretStore::splitRefusesWhatDatabaseUrlRefuses()
{
    const Result<DatabaseUrlParts> parts = splitDatabaseUrl(QStringLiteral("mysql://u:pw@db/x"));
    QVERIFY_ERROR(parts, ErrorCode::ValidationFailed);
    QVERIFY(!parts.error().message.contains(QLatin1String("pw")));
}

void TestSecretStore::databasePasswordFileOwnerOnlyWithTheExactPassword()
{
    QTemporaryDir dir;
    const QString password = QStringLiteral(" p@ss:wörd \n");

    const Result<SecretSource> stored = storeDatabasePassword(dir.path(), kDatabaseUrl, password);
    QVERIFY_OK(stored);
    QCOMPARE(*stored, SecretSource::File);
    QCOMPARE(modeOf(databasePasswordPath(dir)), 0600);
    QFile file(databasePasswordPath(dir));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), password.toUtf8());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{"database-password"});

    const Result<std::optional<QString>> loaded = loadDatabasePassword(dir.path(), kDatabaseUrl);
    QVERIFY_OK(loaded);
    QCOMPARE(loaded->value_or(QString()), password);
}

void TestSecretStore::databasePasswordReplacedByTheNextStore()
{
    QTemporaryDir dir;
    QVERIFY_OK(storeDatabasePassword(dir.path(), kDatabaseUrl, QStringLiteral("first")));
    QVERIFY_OK(storeDatabasePassword(dir.path(), kDatabaseUrl, QStringLiteral("second")));

    const Result<std::optional<QString>> loaded = loadDatabasePassword(dir.path(), kDatabaseUrl);
    QVERIFY_OK(loaded);
    QCOMPARE(loaded->value_or(QString()), QStringLiteral("second"));
    QCOMPARE(modeOf(databasePasswordPath(dir)), 0600);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{"database-password"});
}

void TestSecretStore::noStoredDatabasePasswordIsEmpty()
{
    QTemporaryDir dir;
    const Result<std::optional<QString>> loaded = loadDatabasePassword(dir.path(), kDatabaseUrl);
    QVERIFY_OK(loaded);
    QVERIFY(!loaded->has_value());
}

void TestSecretStore::databasePasswordFileOpenToOtherUsersRefused()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(databasePasswordPath(dir), "hunter2", 0644));

    const Result<std::optional<QString>> loaded = loadDatabasePassword(dir.path(), kDatabaseUrl);
    QVERIFY2(!loaded.ok(), "a password file open to other users was accepted");
    const QString message = loaded.error().message;
    QVERIFY2(message.startsWith("database password file " + databasePasswordPath(dir)),
             qPrintable(message));
    QVERIFY2(message.contains("chmod 600"), qPrintable(message));
    QVERIFY(!message.contains(QLatin1String("hunter2")));
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secret_store.moc"
