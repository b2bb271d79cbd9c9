#include "keychain.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <memory>

namespace academy::keychain {

namespace {

constexpr int TimeoutMs = 5000;

// Runs one job to its end in a local event loop. False when it did not end in time: the job
// is then left alive to delete itself whenever it ends, because QtKeychain's backends keep
// raw pointers to it in their pending callbacks; deleting it here could crash later.
template <typename Job> bool runJob(std::unique_ptr<Job> &job)
{
    QEventLoop loop;
    bool ended = false;
    QObject::connect(job.get(), &QKeychain::Job::finished, &loop, [&] {
        ended = true;
        loop.quit();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    job->setAutoDelete(false);
    job->start();
    timeout.start(TimeoutMs);
    loop.exec();
    if (!ended) {
        job->setAutoDelete(true);
        static_cast<void>(job.release());
    }
    return ended;
}

QString timeoutReason()
{
    return QStringLiteral("no answer within %1 s").arg(TimeoutMs / 1000);
}

} // namespace

QString service()
{
    return QStringLiteral("academy-admin");
}

bool skipped()
{
    const QByteArray value = qgetenv("ACADEMY_NO_KEYCHAIN");
    return (!value.isEmpty() && value != "0") || !QCoreApplication::instance();
}

Read read(const QString &key)
{
    auto job = std::make_unique<QKeychain::ReadPasswordJob>(service());
    job->setKey(key);
    if (!runJob(job))
        return {State::Unavailable, {}, timeoutReason()};
    switch (job->error()) {
    case QKeychain::NoError:
        return {State::Found, job->binaryData(), {}};
    case QKeychain::EntryNotFound:
        return {State::Missing, {}, {}};
    default:
        return {State::Unavailable, {}, job->errorString()};
    }
}

QString write(const QString &key, const QByteArray &bytes)
{
    auto job = std::make_unique<QKeychain::WritePasswordJob>(service());
    job->setKey(key);
    job->setBinaryData(bytes);
    if (!runJob(job))
        return timeoutReason();
    if (job->error() != QKeychain::NoError)
        return job->errorString().isEmpty() ? QStringLiteral("write failed") : job->errorString();
    return {};
}

} // namespace academy::keychain
