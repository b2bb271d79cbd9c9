#include "checks.h"
#include "testsupport.h"
#include "user_repository.h"

#include <QTest>
#include <memory>

using namespace academy;
using academy::test::TestDatabase;

namespace {

const QDateTime kMorning(QDate(2026, 11, 24), QTime(10, 0), Qt::UTC);
// Looks like what the auth code stores; the repository treats it as an opaque string.
const QString kHash = QStringLiteral("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g");

User newUser(const QString &email, Role role = Role::Staff, bool active = true)
{
    User user;
    user.email = email;
    user.name = QStringLiteral("Name of ") + email;
    user.role = role;
    user.active = active;
    return user;
}

QStringList emailsOf(const QList<User> &users)
{
    QStringList emails;
    for (const User &u : users)
        emails.append(u.email);
    return emails;
}

} // namespace

class TestUserRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void insertReturnsTheStoredUser();
    void insertWithTakenEmailIsConflict();
    void getOfMissingIdIsNotFound();
    void findByEmailReturnsTheUserWithItsHash();
    void findByEmailOfUnknownEmailIsNotFound();
    void listPagesInIdOrderWithTheTotal();
    void updateWritesNameRoleAndActive();
    void updateOfMissingIdIsNotFound();
    void setPasswordHashReplacesTheHash();
    void setPasswordHashOfMissingIdIsNotFound();
    void setLastLoginRecordsTheTime();
    void setLastLoginOfMissingIdIsNotFound();
    void removeDeletesTheUser();
    void removeOfMissingIdIsNotFound();
    void countActiveAdminsCountsOnlyActiveAdmins();
    void countCountsEveryUser();
    void toJsonNeverCarriesAHash();

private:
    UserRepository repository();
    qint64 add(const User &user, const QString &hash = kHash);

    std::unique_ptr<TestDatabase> m_db;
};

void TestUserRepository::initTestCase_data()
{
    academy::test::addEngineRows();
}

void TestUserRepository::init()
{
    QFETCH_GLOBAL(Engine, engine);
    m_db = TestDatabase::create(engine);
    QVERIFY(m_db);
    QVERIFY_OK(m_db->database().connection());
}

void TestUserRepository::cleanup()
{
    m_db.reset();
}

UserRepository TestUserRepository::repository()
{
    return UserRepository(m_db->database().connection().value());
}

qint64 TestUserRepository::add(const User &user, const QString &hash)
{
    const Result<User> inserted = repository().insert(user, hash, kMorning);
    if (!inserted) {
        QTest::qFail(qPrintable(inserted.error().message), __FILE__, __LINE__);
        return 0;
    }
    return inserted->id;
}

void TestUserRepository::insertReturnsTheStoredUser()
{
    const Result<User> inserted = repository().insert(
        newUser(QStringLiteral("ann@example.org"), Role::Admin), kHash, kMorning);

    QVERIFY_OK(inserted);
    QVERIFY(inserted->id > 0);
    QCOMPARE(inserted->email, QStringLiteral("ann@example.org"));
    QCOMPARE(inserted->name, QStringLiteral("Name of ann@example.org"));
    QCOMPARE(inserted->role, Role::Admin);
    QCOMPARE(inserted->active, true);
    QCOMPARE(inserted->createdAt, kMorning);
    QCOMPARE(inserted->updatedAt, kMorning);
    QVERIFY(!inserted->lastLoginAt.isValid());
    const Result<User> stored = repository().get(inserted->id);
    QVERIFY_OK(stored);
    QCOMPARE(stored->toJson(), inserted->toJson());
}

void TestUserRepository::insertWithTakenEmailIsConflict()
{
    QVERIFY(add(newUser(QStringLiteral("ann@example.org"))) > 0);

    const Result<User> again = repository().insert(
        newUser(QStringLiteral("ann@example.org"), Role::Viewer), kHash, kMorning);

    QVERIFY_ERROR(again, ErrorCode::Conflict);
    QCOMPARE(repository().count().value(), qint64(1));
}

void TestUserRepository::getOfMissingIdIsNotFound()
{
    const qint64 id = add(newUser(QStringLiteral("ann@example.org")));

    QVERIFY_ERROR(repository().get(id + 1), ErrorCode::NotFound);
}

void TestUserRepository::findByEmailReturnsTheUserWithItsHash()
{
    add(newUser(QStringLiteral("ann@example.org")), QStringLiteral("other-hash"));
    const qint64 id = add(newUser(QStringLiteral("bob@example.org"), Role::Viewer));

    const Result<UserCredentials> found =
        repository().findByEmail(QStringLiteral("bob@example.org"));

    QVERIFY_OK(found);
    QCOMPARE(found->user.id, id);
    QCOMPARE(found->user.email, QStringLiteral("bob@example.org"));
    QCOMPARE(found->user.role, Role::Viewer);
    QCOMPARE(found->passwordHash, kHash);
}

void TestUserRepository::findByEmailOfUnknownEmailIsNotFound()
{
    add(newUser(QStringLiteral("ann@example.org")));

    QVERIFY_ERROR(repository().findByEmail(QStringLiteral("bob@example.org")), ErrorCode::NotFound);
}

void TestUserRepository::listPagesInIdOrderWithTheTotal()
{
    for (const char *email : {"c@example.org", "a@example.org", "d@example.org", "b@example.org"})
        QVERIFY(add(newUser(QString::fromLatin1(email))) > 0);

    const Result<UserPage> first = repository().list(2, 0);
    const Result<UserPage> second = repository().list(2, 2);
    const Result<UserPage> beyond = repository().list(2, 4);

    QVERIFY_OK(first);
    QVERIFY_OK(second);
    QVERIFY_OK(beyond);
    QCOMPARE(emailsOf(first->items), (QStringList{"c@example.org", "a@example.org"}));
    QCOMPARE(emailsOf(second->items), (QStringList{"d@example.org", "b@example.org"}));
    QVERIFY(beyond->items.isEmpty());
    QCOMPARE(first->total, qint64(4));
    QCOMPARE(second->total, qint64(4));
    QCOMPARE(beyond->total, qint64(4));
}

void TestUserRepository::updateWritesNameRoleAndActive()
{
    const qint64 id = add(newUser(QStringLiteral("ann@example.org"), Role::Viewer));
    User changed = repository().get(id).value();
    changed.name = QString::fromUtf8("Änne");
    changed.role = Role::Admin;
    changed.active = false;
    changed.email = QStringLiteral("ignored@example.org"); // update does not move the email
    const QDateTime later = kMorning.addSecs(60);

    const Result<User> updated = repository().update(changed, later);

    QVERIFY_OK(updated);
    const User stored = repository().get(id).value();
    QCOMPARE(stored.name, QString::fromUtf8("Änne"));
    QCOMPARE(stored.role, Role::Admin);
    QCOMPARE(stored.active, false);
    QCOMPARE(stored.email, QStringLiteral("ann@example.org"));
    QCOMPARE(stored.updatedAt, later);
    QCOMPARE(stored.createdAt, kMorning);
    QCOMPARE(updated->toJson(), stored.toJson());
}

void TestUserRepository::updateOfMissingIdIsNotFound()
{
    User ghost = newUser(QStringLiteral("ghost@example.org"));
    ghost.id = add(newUser(QStringLiteral("ann@example.org"))) + 1;

    QVERIFY_ERROR(repository().update(ghost, kMorning), ErrorCode::NotFound);
}

void TestUserRepository::setPasswordHashReplacesTheHash()
{
    const qint64 id = add(newUser(QStringLiteral("ann@example.org")));
    const QString newHash = QStringLiteral("$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA");

    QVERIFY_OK(repository().setPasswordHash(id, newHash, kMorning.addSecs(5)));

    const Result<UserCredentials> found =
        repository().findByEmail(QStringLiteral("ann@example.org"));
    QVERIFY_OK(found);
    QCOMPARE(found->passwordHash, newHash);
    QCOMPARE(found->user.updatedAt, kMorning.addSecs(5));
}

void TestUserRepository::setPasswordHashOfMissingIdIsNotFound()
{
    const qint64 id = add(newUser(QStringLiteral("ann@example.org")));

    QVERIFY_ERROR(repository().setPasswordHash(id + 1, kHash, kMorning), ErrorCode::NotFound);
}

void TestUserRepository::setLastLoginRecordsTheTime()
{
    const qint64 id = add(newUser(QStringLiteral("ann@example.org")));
    const QDateTime login = kMorning.addSecs(3600).addMSecs(250);

    QVERIFY_OK(repository().setLastLogin(id, login));

    const User stored = repository().get(id).value();
    QCOMPARE(stored.lastLoginAt, login);
    QCOMPARE(stored.toJson().value(QStringLiteral("lastLoginAt")).toString(),
             QStringLiteral("2026-11-24T11:00:00.250Z"));
}

void TestUserRepository::setLastLoginOfMissingIdIsNotFound()
{
    const qint64 id = add(newUser(QStringLiteral("ann@example.org")));

    QVERIFY_ERROR(repository().setLastLogin(id + 1, kMorning), ErrorCode::NotFound);
}

void TestUserRepository::removeDeletesTheUser()
{
    const qint64 id = add(newUser(QStringLiteral("ann@example.org")));
    const qint64 kept = add(newUser(QStringLiteral("bob@example.org")));

    QVERIFY_OK(repository().remove(id));

    QVERIFY_ERROR(repository().get(id), ErrorCode::NotFound);
    QVERIFY_ERROR(repository().findByEmail(QStringLiteral("ann@example.org")), ErrorCode::NotFound);
    QVERIFY_OK(repository().get(kept));
    QCOMPARE(repository().count().value(), qint64(1));
}

void TestUserRepository::removeOfMissingIdIsNotFound()
{
    const qint64 id = add(newUser(QStringLiteral("ann@example.org")));

    QVERIFY_ERROR(repository().remove(id + 1), ErrorCode::NotFound);
    QCOMPARE(repository().count().value(), qint64(1));
}

void TestUserRepository::countActiveAdminsCountsOnlyActiveAdmins()
{
    add(newUser(QStringLiteral("admin1@example.org"), Role::Admin));
    add(newUser(QStringLiteral("admin2@example.org"), Role::Admin));
    add(newUser(QStringLiteral("disabled-admin@example.org"), Role::Admin, false));
    add(newUser(QStringLiteral("staff@example.org"), Role::Staff));
    add(newUser(QStringLiteral("viewer@example.org"), Role::Viewer));
    QCOMPARE(repository().countActiveAdmins().value(), qint64(2));

    User demoted = repository().findByEmail(QStringLiteral("admin2@example.org"))->user;
    demoted.role = Role::Staff;
    QVERIFY_OK(repository().update(demoted, kMorning));

    QCOMPARE(repository().countActiveAdmins().value(), qint64(1));
}

void TestUserRepository::countCountsEveryUser()
{
    QCOMPARE(repository().count().value(), qint64(0));
    add(newUser(QStringLiteral("a@example.org")));
    add(newUser(QStringLiteral("b@example.org"), Role::Viewer, false));

    QCOMPARE(repository().count().value(), qint64(2));
}

void TestUserRepository::toJsonNeverCarriesAHash()
{
    const qint64 id = add(newUser(QStringLiteral("ann@example.org"), Role::Admin));
    QVERIFY_OK(repository().setLastLogin(id, kMorning));
    const User user = repository().findByEmail(QStringLiteral("ann@example.org"))->user;

    const QJsonObject json = user.toJson();

    for (const QString &key : json.keys()) {
        QVERIFY2(!key.contains(QLatin1String("password"), Qt::CaseInsensitive), qPrintable(key));
        QVERIFY2(!key.contains(QLatin1String("hash"), Qt::CaseInsensitive), qPrintable(key));
        QVERIFY2(!json.value(key).toString().contains(kHash), qPrintable(key));
    }
    QCOMPARE(json.value(QStringLiteral("email")).toString(), QStringLiteral("ann@example.org"));
    QCOMPARE(json.value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
}

QTEST_GUILESS_MAIN(TestUserRepository)
#include "tst_user_repository.moc"
