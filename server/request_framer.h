#pragma once

#include "error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace academy::http {

// What the framer learned from one request head.
struct RequestHead
{
    QByteArray method;
    QByteArray target;
    int minorVersion = 1;    // HTTP/1.x
    bool keepAlive = true;   // false for "Connection: close" or HTTP/1.0 without keep-alive
    bool expectContinue = false;
    qint64 contentLength = 0;
    bool chunked = false;
    qint64 headBytes = 0;
};

// The reply the connection sends before closing, when the framer refuses a request.
struct Refusal
{
    int status;
    ErrorCode code;
    QString message;
};

// Watches the raw bytes of one connection, in front of QHttpServer's parser (which has no
// limits): finds request heads and body ends, enforces MAX_HEADERS and MAX_BODY from the
// head alone (Content-Length, and chunk sizes as they come), and refuses malformed request
// lines and headers. It never keeps a body, only the current head (bounded by MAX_HEADERS).
class RequestFramer final
{
public:
    struct Limits
    {
        qint64 maxHeaders = 65536;
        qint64 maxBody = 1048576;
    };

    explicit RequestFramer(Limits limits) : m_limits(limits) {}

    // Consumes newly received bytes. Completed heads are appended to `heads`; a refusal
    // ends the connection (the framer stays refused).
    std::optional<Refusal> feed(QByteArrayView bytes, QList<RequestHead> &heads);

    // Between requests, nothing partial received.
    bool idle() const { return m_phase == Phase::Head && m_head.isEmpty(); }
    // Inside a head: the header timeout applies.
    bool inHead() const { return m_phase == Phase::Head && !m_head.isEmpty(); }
    bool inBody() const { return m_phase != Phase::Head && m_phase != Phase::Refused; }
    // The head of the message whose body is coming (or was refused: the access log names
    // the request); nullptr between messages and for a head that could not be parsed.
    const RequestHead *currentHead() const { return m_current ? &*m_current : nullptr; }

private:
    enum class Phase { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer, Refused };

    qsizetype feedHead(QByteArrayView bytes, QList<RequestHead> &heads, std::optional<Refusal> &refusal);
    qsizetype feedChunked(QByteArrayView bytes, std::optional<Refusal> &refusal);
    std::optional<Refusal> finishHead(QList<RequestHead> &heads);

    Limits m_limits;
    std::optional<RequestHead> m_current;
    Phase m_phase = Phase::Head;
    QByteArray m_head;      // the current head, or chunk-size / trailer line
    qint64 m_remaining = 0; // body or chunk bytes still to come
    qint64 m_bodyBytes = 0; // chunked body so far
};

// Parses a complete head (request line and header lines, without the blank line).
std::optional<Refusal> parseHead(const QByteArray &head, RequestHead &parsed);

} // namespace academy::http
