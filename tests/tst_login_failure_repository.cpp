// LoginFailureRepository on both engines: what clearing a subject reports (the lift of a lock
// is audited only when there was something to lift).
#include "checks.h"
#include "login_failure_repository.h"
#include "testsupport.h"

#include <QTest>
#include <memory>

using namespace academy;
using academy::test::TestDatabase;

namespace {

const QDateTime kMorning(QDate(2026, 11, 24), QTime(10, 0), Qt::UTC);

} // namespace

class TestLoginFailureRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void clearOfARecordedSubjectSaysSoAndForgetsIt();
    void clearOfAnUnknownSubjectSaysNothingWasThere();

private:
    LoginFailureRepository repository();

    std::unique_ptr<TestDatabase> m_db;
};

void TestLoginFailureRepository::initTestCase_data()
{
    academy::test::addEngineRows();
}

void TestLoginFailureRepository::init()
{
    QFETCH_GLOBAL(Engine, engine);
    m_db = TestDatabase::create(engine);
    QVERIFY(m_db);
    QVERIFY_OK(m_db->database().connection());
}

void TestLoginFailureRepository::cleanup()
{
    m_db.reset();
}

LoginFailureRepository TestLoginFailureRepository::repository()
{
    return LoginFailureRepository(m_db->database().connection().value());
}

void TestLoginFailureRepository::clearOfARecordedSubjectSaysSoAndForgetsIt()
{
    const LoginLockout policy{2, 900, 900};
    const QString email = QStringLiteral("failing@school.test");
    QVERIFY_OK(repository().recordFailure(LoginScope::Email, email, policy.failures, policy, kMorning));
    const Result<std::optional<LoginLock>> locked =
        repository().recordFailure(LoginScope::Email, email, policy.failures, policy, kMorning);
    QVERIFY_OK(locked);
    QVERIFY(locked->has_value());

    const Result<bool> cleared = repository().clear(LoginScope::Email, email);

    QVERIFY_OK(cleared);
    QVERIFY(cleared.value());
    const Result<std::optional<LoginLock>> after = repository().activeLock(LoginScope::Email, email, kMorning);
    QVERIFY_OK(after);
    QVERIFY(!after->has_value());
    QCOMPARE(repository().clear(LoginScope::Email, email).value(), false); // already gone
}

void TestLoginFailureRepository::clearOfAnUnknownSubjectSaysNothingWasThere()
{
    QVERIFY_OK(repository().recordFailure(LoginScope::Address, QStringLiteral("192.0.2.7"), 5, LoginLockout{}, kMorning));

    const Result<bool> cleared = repository().clear(LoginScope::Email, QStringLiteral("192.0.2.7"));

    QVERIFY_OK(cleared);
    QVERIFY(!cleared.value()); // same subject, other scope: nothing of it was recorded
}

QTEST_GUILESS_MAIN(TestLoginFailureRepository)
#include "tst_login_failure_repository.moc"
