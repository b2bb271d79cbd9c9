#include "request_log_records.h"

#include <cstring>

namespace academy::http {

namespace {

// Fixed fields first, then the strings' bytes: UTF-16 text copied as it is (no conversion on
// the serving thread), then the Latin-1 ids. Read back with memcpy, so no alignment is assumed.
struct Head
{
    quint64 sequence;
    qint64 timeMs;
    double durationMs;
    qint64 bytesIn;
    qint64 bytesOut;
    qint64 userId;
    qint32 status;
    qint32 hasUser;
    quint32 pathUnits;
    quint32 routeUnits;
    quint32 remoteUnits;
    quint32 requestIdBytes;
    quint32 methodBytes;
    quint32 padding;
};

void appendText(QByteArray &buffer, const QString &text)
{
    buffer.append(reinterpret_cast<const char *>(text.constData()), text.size() * qsizetype(sizeof(QChar)));
}

// A string of `count` code units (QChar or char) copied from `at`.
template<typename Text>
Text readText(const char *&at, quint32 count)
{
    const size_t bytes = count * sizeof(typename Text::value_type);
    Text text(qsizetype(count), Qt::Uninitialized);
    std::memcpy(text.data(), at, bytes);
    at += bytes;
    return text;
}

// A route, an address or a method mostly repeats the previous entry's: sharing that string
// saves an allocation here and a free wherever the entry ends (the collector's main cost was
// malloc and free, perf).
template<typename Text>
Text readTextLike(const char *&at, quint32 count, Text &previous)
{
    const size_t bytes = count * sizeof(typename Text::value_type);
    if (!previous.isNull() && previous.size() == qsizetype(count) && std::memcmp(previous.constData(), at, bytes) == 0) {
        at += bytes;
        return previous;
    }
    previous = readText<Text>(at, count);
    return previous;
}

} // namespace

void appendRecord(QByteArray &buffer, quint64 sequence, const RequestLogEntry &entry)
{
    const Head head{sequence,
                    entry.time.toMSecsSinceEpoch(),
                    entry.durationMs,
                    entry.bytesIn,
                    entry.bytesOut,
                    entry.userId.value_or(0),
                    qint32(entry.status),
                    entry.userId ? 1 : 0,
                    quint32(entry.path.size()),
                    quint32(entry.route.size()),
                    quint32(entry.remoteAddress.size()),
                    quint32(entry.requestId.size()),
                    quint32(entry.method.size()),
                    0};
    buffer.append(reinterpret_cast<const char *>(&head), sizeof head);
    appendText(buffer, entry.path);
    appendText(buffer, entry.route);
    appendText(buffer, entry.remoteAddress);
    buffer.append(entry.requestId);
    buffer.append(entry.method);
}

void readRecords(const QByteArray &buffer, QList<Record> &records)
{
    const char *at = buffer.constData();
    const char *const end = at + buffer.size();
    QString route, remoteAddress;
    QByteArray method;
    while (end - at >= qsizetype(sizeof(Head))) {
        Head head;
        std::memcpy(&head, at, sizeof head);
        at += sizeof head;
        Record &record = records.emplace_back();
        record.sequence = head.sequence;
        RequestLogEntry &entry = record.entry;
        entry.time = QDateTime::fromMSecsSinceEpoch(head.timeMs, Qt::UTC);
        entry.durationMs = head.durationMs;
        entry.bytesIn = head.bytesIn;
        entry.bytesOut = head.bytesOut;
        if (head.hasUser)
            entry.userId = head.userId;
        entry.status = head.status;
        entry.path = readText<QString>(at, head.pathUnits);
        entry.route = readTextLike(at, head.routeUnits, route);
        entry.remoteAddress = readTextLike(at, head.remoteUnits, remoteAddress);
        entry.requestId = readText<QByteArray>(at, head.requestIdBytes);
        entry.method = readTextLike(at, head.methodBytes, method);
    }
}

} // namespace academy::http
