// LogSubscription, one live reader's queue of the request log: bounded, one wake per batch,
// and no wake once its reader has closed it, even while another thread keeps pushing (the
// reader is about to be destroyed; a wake then would post to a dead object).
#include "log_subscription.h"
#include "testsupport.h"

#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace academy;
using academy::test::entryWithRequestId;
using academy::http::LogSubscription;

class TestLogSubscription final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wakesOncePerBatch();
    void fullQueueOverflowsAndKeepsNothing();
    void noWakeAfterCloseWhileAnotherThreadPushes();
};

void TestLogSubscription::wakesOncePerBatch()
{
    int wakes = 0;
    LogSubscription subscription(10, [&wakes] { ++wakes; });

    subscription.push(entryWithRequestId("a"));
    subscription.push(entryWithRequestId("b"));
    QCOMPARE(wakes, 1);
    QCOMPARE(subscription.take().size(), 2);
    subscription.push(entryWithRequestId("c"));
    QCOMPARE(wakes, 2);
}

void TestLogSubscription::fullQueueOverflowsAndKeepsNothing()
{
    LogSubscription subscription(2, {});

    for (const char *id : {"a", "b", "c"})
        subscription.push(entryWithRequestId(id));

    QVERIFY(subscription.overflowed());
    QVERIFY(subscription.take().isEmpty());
}

void TestLogSubscription::noWakeAfterCloseWhileAnotherThreadPushes()
{
    std::atomic<bool> closed{false};
    std::atomic<int> wakesAfterClose{0};
    std::atomic<int> wakes{0};
    LogSubscription subscription(1'000'000, [&] {
        ++wakes;
        QThread::usleep(500); // a slow wake: close() comes while it runs
        if (closed.load())
            ++wakesAfterClose;
    });
    std::atomic<bool> stop{false};
    std::unique_ptr<QThread> pusher(QThread::create([&] {
        while (!stop.load())
            subscription.push(entryWithRequestId("x"));
    }));
    pusher->start();
    for (int round = 0; round < 200 && wakes.load() < 100; ++round) {
        QThread::msleep(1);
        (void)subscription.take(); // lets the next push wake again
    }
    QVERIFY(wakes.load() > 0);

    (void)subscription.take(); // the pusher's next push wakes at once
    QThread::usleep(100);
    subscription.close();
    closed.store(true);
    QThread::msleep(20); // the pusher goes on pushing
    stop.store(true);
    pusher->wait();

    QCOMPARE(wakesAfterClose.load(), 0);
}

QTEST_GUILESS_MAIN(TestLogSubscription)
#include "tst_log_subscription.moc"
