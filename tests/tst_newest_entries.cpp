// NewestEntries, the request log's ring of its newest entries: what it keeps once full, in
// which order it gives them back, and where a reconnecting live tail resumes.
#include "newest_entries.h"
#include "testsupport.h"

#include <QTest>

using namespace academy;
using academy::test::entryWithRequestId;
using academy::http::NewestEntries;

namespace {

QByteArrayList idsOf(const QList<RequestLogEntry> &entries)
{
    QByteArrayList ids;
    for (const RequestLogEntry &e : entries)
        ids.append(e.requestId);
    return ids;
}

} // namespace

class TestNewestEntries final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyGivesNothing();
    void newestAreGivenOldestFirst();
    void fullRingOverwritesItsOldest();
    void countAfterFindsTheNewestEntryOfARequest();
    void countAfterOfARequestNoLongerHeldIsNothing();
};

void TestNewestEntries::emptyGivesNothing()
{
    const NewestEntries ring(3);

    QVERIFY(ring.newest(10).isEmpty());
    QCOMPARE(ring.countAfter("a"), std::nullopt);
}

void TestNewestEntries::newestAreGivenOldestFirst()
{
    NewestEntries ring(5);
    for (const char *id : {"a", "b", "c"})
        ring.append(entryWithRequestId(id));

    QCOMPARE(idsOf(ring.newest(2)), (QByteArrayList{"b", "c"}));
    QCOMPARE(idsOf(ring.newest(10)), (QByteArrayList{"a", "b", "c"}));
    QVERIFY(ring.newest(0).isEmpty());
}

void TestNewestEntries::fullRingOverwritesItsOldest()
{
    NewestEntries ring(3);
    for (const char *id : {"a", "b", "c", "d", "e"})
        ring.append(entryWithRequestId(id));

    QCOMPARE(idsOf(ring.newest(3)), (QByteArrayList{"c", "d", "e"}));
    QCOMPARE(idsOf(ring.newest(2)), (QByteArrayList{"d", "e"}));
}

// A client may send its own X-Request-Id twice: the newest entry of it counts.
void TestNewestEntries::countAfterFindsTheNewestEntryOfARequest()
{
    NewestEntries ring(4);
    for (const char *id : {"x", "a", "b", "a", "c", "d"}) // holds b, a, c, d
        ring.append(entryWithRequestId(id));

    QCOMPARE(ring.countAfter("a"), std::optional<qsizetype>(2));
    QCOMPARE(ring.countAfter("d"), std::optional<qsizetype>(0));
    QCOMPARE(ring.countAfter("b"), std::optional<qsizetype>(3));
}

void TestNewestEntries::countAfterOfARequestNoLongerHeldIsNothing()
{
    NewestEntries ring(2);
    for (const char *id : {"a", "b", "c"})
        ring.append(entryWithRequestId(id));

    QCOMPARE(ring.countAfter("a"), std::nullopt);
    QCOMPARE(ring.countAfter("never"), std::nullopt);
}

QTEST_GUILESS_MAIN(TestNewestEntries)
#include "tst_newest_entries.moc"
