// The unclean-shutdown marker: a marker left by a process that is gone means the previous
// run crashed (recorded in the audit log); a clean run removes its own; a live process's
// marker is never taken over.
#include "audit_repository.h"
#include "checks.h"
#include "run_marker.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace academy;
using academy::test::TestDatabase;

namespace {

QString markerPath(const QTemporaryDir &dir)
{
    return QDir(dir.path()).filePath(QStringLiteral("running.pid"));
}

QByteArray readMarker(const QTemporaryDir &dir)
{
    QFile file(markerPath(dir));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeMarker(const QTemporaryDir &dir, const QByteArray &content)
{
    QFile file(markerPath(dir));
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// The pid of a process that has just ended (and been reaped): nobody has it now.
qint64 deadPid()
{
    QProcess process;
    process.start(QStringLiteral("true"), QStringList());
    if (!process.waitForStarted(15000))
        return 0;
    const qint64 pid = process.processId();
    process.waitForFinished(15000);
    return pid;
}

} // namespace

class TestRunMarker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstRunIsClean();
    void markerHoldsThisProcess();
    void cleanExitRemovesTheMarker();
    void markerOfDeadProcessMeansUnclean();
    void uncleanShutdownIsAudited();
    void markerOfLiveProcessIsNotTakenOver();
};

void TestRunMarker::firstRunIsClean()
{
    QTemporaryDir dir;
    RunMarker marker(dir.path());
    QVERIFY(!marker.begin());
}

void TestRunMarker::markerHoldsThisProcess()
{
    QTemporaryDir dir;
    RunMarker marker(dir.path());
    QVERIFY(!marker.begin());
    const QList<QByteArray> fields = readMarker(dir).trimmed().split(' ');
    QCOMPARE(fields.value(0).toLongLong(), QCoreApplication::applicationPid());
    QVERIFY2(QDateTime::fromString(QString::fromLatin1(fields.value(1)), Qt::ISODate).isValid(), fields.value(1).constData());
}

void TestRunMarker::cleanExitRemovesTheMarker()
{
    QTemporaryDir dir;
    {
        RunMarker marker(dir.path());
        QVERIFY(!marker.begin());
        QVERIFY(QFile::exists(markerPath(dir)));
    }
    QVERIFY2(!QFile::exists(markerPath(dir)), "a clean exit left its marker");
    RunMarker next(dir.path());
    QVERIFY2(!next.begin(), "a clean previous run was taken for an unclean one");
}

void TestRunMarker::markerOfDeadProcessMeansUnclean()
{
    QTemporaryDir dir;
    const qint64 pid = deadPid();
    QVERIFY(pid > 0);
    QVERIFY(writeMarker(dir, QByteArray::number(pid) + " 2026-11-24T10:00:00Z\n"));
    {
        RunMarker marker(dir.path());
        QVERIFY2(marker.begin(), "a marker of a process that is gone was not noticed");
        // The marker is ours now, and goes with a clean exit.
        QCOMPARE(readMarker(dir).split(' ').value(0).toLongLong(), QCoreApplication::applicationPid());
    }
    QVERIFY(!QFile::exists(markerPath(dir)));
}

void TestRunMarker::uncleanShutdownIsAudited()
{
    QTemporaryDir dir;
    const std::unique_ptr<TestDatabase> database = TestDatabase::create(Engine::SQLite);
    QVERIFY(database);
    const qint64 pid = deadPid();
    QVERIFY(pid > 0);
    QVERIFY(writeMarker(dir, QByteArray::number(pid) + " 2026-11-24T10:00:00Z\n"));
    RunMarker marker(dir.path());
    QVERIFY(marker.begin());
    QVERIFY_OK(marker.recordUncleanShutdown(database->database()));

    Result<QSqlDatabase> db = database->database().connection();
    QVERIFY_OK(db);
    AuditQuery query;
    query.action = QStringLiteral("unclean_shutdown");
    Result<AuditPage> page = AuditRepository(db.value()).list(query);
    QVERIFY_OK(page);
    QCOMPARE(page->items.size(), 1);
    const AuditEntry &entry = page->items.first();
    QCOMPARE(entry.entity, QStringLiteral("server"));
    QVERIFY(!entry.userId);
    QVERIFY(entry.time.isValid());
    const QJsonObject after = entry.after.toObject();
    QCOMPARE(after.value(QStringLiteral("previousPid")).toString(), QString::number(pid));
    QCOMPARE(after.value(QStringLiteral("previousStart")).toString(), QStringLiteral("2026-11-24T10:00:00Z"));
    QVERIFY(!after.value(QStringLiteral("message")).toString().isEmpty());
}

// Two servers on one data folder: the second must not claim the first one crashed, nor
// remove its marker when it exits.
void TestRunMarker::markerOfLiveProcessIsNotTakenOver()
{
    QTemporaryDir dir;
    const QByteArray live = "1 2026-11-24T10:00:00Z\n"; // pid 1 is always alive
    QVERIFY(writeMarker(dir, live));
    {
        RunMarker marker(dir.path());
        QVERIFY2(!marker.begin(), "a live process's marker was taken for an unclean shutdown");
        QCOMPARE(readMarker(dir), live);
    }
    QCOMPARE(readMarker(dir), live);
}

QTEST_GUILESS_MAIN(TestRunMarker)
#include "tst_run_marker.moc"
