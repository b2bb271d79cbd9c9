#include "server_log.h"

#include "background_priority.h"
#include "json_text.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <cstdio>
#include <memory>
#include <variant>

namespace academy {

namespace {

LogLevel levelOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return LogLevel::Debug;
    case QtInfoMsg: return LogLevel::Info;
    case QtWarningMsg: return LogLevel::Warning;
    default: return LogLevel::Error;
    }
}

const char *nameOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    default: return "error";
    }
}

// Written by hand rather than through QJsonObject: building and serialising one per request
// was the logging thread's main cost (15% of the server's CPU on GET /, measured with perf).
QByteArray accessLine(const http::AccessLogEntry &entry)
{
    QByteArray line;
    line.reserve(320);
    line += "{\"time\":";
    appendJsonTimestamp(line, entry.time);
    line += ",\"level\":\"debug\",\"requestId\":";
    appendJsonString(line, QByteArrayView(entry.requestId));
    line += ",\"method\":";
    appendJsonString(line, QByteArrayView(entry.method));
    line += ",\"path\":";
    appendJsonString(line, entry.path);
    line += ",\"route\":";
    appendJsonString(line, entry.route);
    line += ",\"status\":";
    line += QByteArray::number(entry.status);
    line += ",\"durationMs\":";
    line += QByteArray::number(qRound64(entry.durationMs * 1000) / 1000.0, 'g', 12);
    line += ",\"bytesIn\":";
    line += QByteArray::number(entry.bytesIn);
    line += ",\"bytesOut\":";
    line += QByteArray::number(entry.bytesOut);
    line += ",\"remoteAddress\":";
    appendJsonString(line, entry.remoteAddress);
    line += ",\"userId\":";
    line += entry.userId ? QByteArray::number(*entry.userId) : QByteArrayLiteral("null");
    line += '}';
    return line;
}

QByteArray messageLine(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QJsonObject line{{QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                           {QStringLiteral("level"), QLatin1String(nameOf(type))},
                           {QStringLiteral("category"), QLatin1String(context.category ? context.category : "default")},
                           {QStringLiteral("message"), message}};
    return QJsonDocument(line).toJson(QJsonDocument::Compact);
}

// Access entries are queued as they are and formatted by the logging thread; the rare Qt
// messages are formatted by their caller (the logging context is gone afterwards).
using Item = std::variant<http::AccessLogEntry, QByteArray>;

class Writer final
{
public:
    static constexpr int WakeEveryMs = 50;
    static constexpr qsizetype WakeAtQueued = 256;

    explicit Writer(LogLevel level) : threshold(level)
    {
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->setObjectName(QStringLiteral("academy-stderr"));
        m_thread->start();
    }
    ~Writer()
    {
        {
            QMutexLocker locker(&m_lock);
            m_stopping = true;
            m_wake.wakeAll();
        }
        m_thread->wait();
    }

    void push(Item item, bool urgent)
    {
        QMutexLocker locker(&m_lock);
        if (m_queue.size() >= ServerLog::MaxQueued) {
            m_queue.removeFirst();
            ++m_dropped;
        }
        m_queue.append(std::move(item));
        // Serving threads do not wake the writer for every line: it comes by every 50 ms.
        if (urgent || m_queue.size() >= WakeAtQueued)
            m_wake.wakeOne();
    }

    void flush()
    {
        QMutexLocker locker(&m_lock);
        const quint64 target = m_pushed + quint64(m_queue.size());
        m_wake.wakeOne();
        while (m_written < target && !m_stopped)
            m_drained.wait(&m_lock, QDeadlineTimer(1000));
    }

    const LogLevel threshold;

private:
    void run()
    {
        http::runBelowServingThreads(http::BackgroundWork::Writing);
        for (;;) {
            QList<Item> batch;
            quint64 dropped = 0;
            bool stop = false;
            {
                QMutexLocker locker(&m_lock);
                if (m_queue.isEmpty() && !m_stopping)
                    m_wake.wait(&m_lock, QDeadlineTimer(WakeEveryMs));
                batch.swap(m_queue);
                std::swap(dropped, m_dropped);
                m_pushed += quint64(batch.size());
                stop = m_stopping && batch.isEmpty();
            }
            write(batch, dropped);
            QMutexLocker locker(&m_lock);
            m_written += quint64(batch.size());
            m_drained.wakeAll();
            if (stop) {
                m_stopped = true;
                return;
            }
        }
    }

    static void write(const QList<Item> &batch, quint64 dropped)
    {
        if (dropped > 0) {
            const QByteArray note = QByteArrayLiteral("{\"level\":\"warning\",\"category\":\"academy.log\",\"message\":"
                                                      "\"stderr could not keep up; dropped ")
                                    + QByteArray::number(dropped) + " log line(s)\"}\n";
            std::fwrite(note.constData(), 1, size_t(note.size()), stderr);
        }
        QByteArray out;
        for (const Item &item : batch) {
            out += std::holds_alternative<QByteArray>(item) ? std::get<QByteArray>(item)
                                                            : accessLine(std::get<http::AccessLogEntry>(item));
            out += '\n';
        }
        if (!out.isEmpty())
            std::fwrite(out.constData(), 1, size_t(out.size()), stderr);
        std::fflush(stderr);
    }

    QMutex m_lock;
    QWaitCondition m_wake;
    QWaitCondition m_drained;
    QList<Item> m_queue;
    quint64 m_dropped = 0;
    quint64 m_pushed = 0;  // taken off the queue by the writer
    quint64 m_written = 0; // of those, on stderr
    bool m_stopping = false;
    bool m_stopped = false;
    std::unique_ptr<QThread> m_thread;
};

std::atomic<Writer *> active{nullptr};

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    Writer *writer = active.load();
    if (!writer) {
        std::fprintf(stderr, "%s\n", qUtf8Printable(message));
        return;
    }
    if (levelOf(type) < writer->threshold)
        return;
    writer->push(messageLine(type, context, message), true);
    if (type == QtFatalMsg) // the process aborts when this returns
        writer->flush();
}

} // namespace

ServerLog::ServerLog(LogLevel level)
{
    active = new Writer(level);
    qInstallMessageHandler(handler);
}

ServerLog::~ServerLog()
{
    qInstallMessageHandler(nullptr);
    delete active.exchange(nullptr); // writes what is queued, then joins the thread
}

bool ServerLog::writesAccessLines()
{
    const Writer *writer = active.load();
    return writer && writer->threshold <= LogLevel::Debug;
}

void ServerLog::writeAccessLine(const http::AccessLogEntry &entry)
{
    if (writesAccessLines())
        active.load()->push(entry, false);
}

void ServerLog::flush()
{
    if (Writer *writer = active.load())
        writer->flush();
}

} // namespace academy
