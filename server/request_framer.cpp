#include "request_framer.h"

#include <QVarLengthArray>

namespace academy::http {

namespace {

Refusal badRequest(const QString &why)
{
    return {400, ErrorCode::BadRequest, why};
}

Refusal tooLarge(qint64 limit)
{
    return {413, ErrorCode::PayloadTooLarge,
            QStringLiteral("Request body is larger than %1 bytes").arg(limit)};
}

bool isTokenChar(char c)
{
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// origin-form ("/path?query") or "*"; visible ASCII only, every % followed by two hex digits.
bool isValidTarget(QByteArrayView target)
{
    if (target == "*")
        return true;
    if (target.isEmpty() || target.front() != '/')
        return false;
    for (qsizetype i = 0; i < target.size(); ++i) {
        const auto c = static_cast<unsigned char>(target[i]);
        if (c <= 0x20 || c >= 0x7f || c == '#')
            return false;
        if (c == '%' && (i + 2 >= target.size() || !isHex(target[i + 1]) || !isHex(target[i + 2])))
            return false;
    }
    return true;
}

std::optional<Refusal> parseRequestLine(QByteArrayView line, RequestHead &parsed)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace)
        return badRequest(QStringLiteral("Malformed request line"));
    parsed.method = line.first(firstSpace).toByteArray();
    parsed.target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1).toByteArray();
    const QByteArrayView version = line.sliced(lastSpace + 1);
    if (!isToken(parsed.method))
        return badRequest(QStringLiteral("Malformed request method"));
    if (!isValidTarget(parsed.target))
        return badRequest(QStringLiteral("Malformed request target (check its percent-encoding)"));
    if (version == "HTTP/1.1")
        parsed.minorVersion = 1;
    else if (version == "HTTP/1.0")
        parsed.minorVersion = 0;
    else if (version.startsWith("HTTP/"))
        return Refusal{505, ErrorCode::BadRequest, QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are served")};
    else
        return badRequest(QStringLiteral("Malformed request line"));
    parsed.keepAlive = parsed.minorVersion == 1;
    return std::nullopt;
}

std::optional<Refusal> parseContentLength(QByteArrayView value, RequestHead &parsed, bool &seen)
{
    bool ok = !value.isEmpty() && value.size() <= 18;
    for (char c : value)
        ok = ok && c >= '0' && c <= '9';
    const qint64 length = ok ? value.toLongLong(&ok) : -1;
    if (!ok || (seen && length != parsed.contentLength))
        return badRequest(QStringLiteral("Invalid Content-Length"));
    seen = true;
    parsed.contentLength = length;
    return std::nullopt;
}

// What the head's header lines have said so far, beyond RequestHead.
struct HeaderTally
{
    bool lengthSeen = false;
    int hosts = 0;
};

bool sameName(QByteArrayView name, QByteArrayView lowerCase)
{
    return name.compare(lowerCase, Qt::CaseInsensitive) == 0;
}

// Views into the head, not copies: every request's headers pass through here.
std::optional<Refusal> parseHeaderLine(QByteArrayView line, RequestHead &parsed, HeaderTally &tally)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return badRequest(QStringLiteral("Malformed header line"));
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = line.sliced(colon + 1).trimmed();
    for (char c : value) {
        if (c == '\0' || c == '\r' || c == '\n')
            return badRequest(QStringLiteral("Invalid character in header %1").arg(QString::fromLatin1(name).toLower()));
    }
    if (sameName(name, "content-length"))
        return parseContentLength(value, parsed, tally.lengthSeen);
    if (sameName(name, "host"))
        ++tally.hosts;
    if (sameName(name, "transfer-encoding")) {
        if (!sameName(value, "chunked"))
            return Refusal{501, ErrorCode::BadRequest, QStringLiteral("Only chunked transfer coding is supported")};
        parsed.chunked = true;
    } else if (sameName(name, "connection")) {
        const QByteArray lower = value.toByteArray().toLower();
        if (lower.contains("close"))
            parsed.keepAlive = false;
        else if (lower.contains("keep-alive"))
            parsed.keepAlive = true;
    } else if (sameName(name, "expect") && sameName(value, "100-continue")) {
        parsed.expectContinue = true;
    }
    return std::nullopt;
}

} // namespace

std::optional<Refusal> parseHead(const QByteArray &head, RequestHead &parsed)
{
    QVarLengthArray<QByteArrayView, 32> lines;
    for (QByteArrayView rest = head; !rest.isEmpty();) {
        const qsizetype end = rest.indexOf('\n');
        QByteArrayView line = end < 0 ? rest : rest.first(end);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.append(line);
        rest = end < 0 ? QByteArrayView() : rest.sliced(end + 1);
    }
    if (lines.isEmpty())
        return badRequest(QStringLiteral("Empty request"));
    if (auto refused = parseRequestLine(lines.front(), parsed))
        return refused;
    HeaderTally tally;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (lines.at(i).startsWith(' ') || lines.at(i).startsWith('\t'))
            return badRequest(QStringLiteral("Folded header lines are not accepted"));
        if (auto refused = parseHeaderLine(lines.at(i), parsed, tally))
            return refused;
    }
    // RFC 9112 section 3.2: an HTTP/1.1 request without Host, or with two, gets a 400.
    if (parsed.minorVersion == 1 && tally.hosts == 0)
        return badRequest(QStringLiteral("An HTTP/1.1 request needs a Host header"));
    if (tally.hosts > 1)
        return badRequest(QStringLiteral("More than one Host header"));
    if (parsed.chunked && tally.lengthSeen) // a request-smuggling shape: refuse it
        return badRequest(QStringLiteral("Both Content-Length and Transfer-Encoding were sent"));
    parsed.headBytes = head.size();
    return std::nullopt;
}

std::optional<Refusal> RequestFramer::feed(QByteArrayView bytes, QList<RequestHead> &heads)
{
    std::optional<Refusal> refusal;
    while (!bytes.isEmpty() && !refusal && m_phase != Phase::Refused) {
        qsizetype used = 0;
        if (m_phase == Phase::Head) {
            used = feedHead(bytes, heads, refusal);
        } else if (m_phase == Phase::Body) {
            used = qsizetype(qMin<qint64>(m_remaining, bytes.size()));
            m_remaining -= used;
            if (m_remaining == 0) {
                m_phase = Phase::Head;
                m_current.reset();
            }
        } else {
            used = feedChunked(bytes, refusal);
        }
        bytes = bytes.sliced(used);
    }
    if (refusal)
        m_phase = Phase::Refused;
    return refusal;
}

// Takes the new bytes in one piece and searches them for the blank line, rather than byte by
// byte: appending and checking each byte was a tenth of GET /'s instructions (callgrind).
qsizetype RequestFramer::feedHead(QByteArrayView bytes, QList<RequestHead> &heads,
                                  std::optional<Refusal> &refusal)
{
    qsizetype skipped = 0;
    // RFC 9112: empty lines before a request line are ignored.
    while (m_head.isEmpty() && skipped < bytes.size() && (bytes[skipped] == '\r' || bytes[skipped] == '\n'))
        ++skipped;
    const QByteArrayView fresh = bytes.sliced(skipped);
    const qsizetype before = m_head.size();
    // One byte past the limit is enough to know it was passed.
    m_head.append(fresh.first(qMin<qsizetype>(fresh.size(), m_limits.maxHeaders + 1 - before)));
    // The head ends at the first new line feed that follows an empty line ("\n\n" or "\n\r\n").
    qsizetype end = -1;
    for (qsizetype lf = m_head.indexOf('\n', qMax<qsizetype>(before, 1)); lf >= 0; lf = m_head.indexOf('\n', lf + 1)) {
        if (m_head[lf - 1] == '\n' || (lf >= 2 && m_head[lf - 1] == '\r' && m_head[lf - 2] == '\n')) {
            end = lf + 1;
            break;
        }
    }
    if ((end < 0 ? m_head.size() : end) > m_limits.maxHeaders) {
        refusal = Refusal{431, ErrorCode::HeadersTooLarge,
                          QStringLiteral("Request line and headers exceed %1 bytes").arg(m_limits.maxHeaders)};
        return bytes.size();
    }
    if (end < 0)
        return bytes.size();
    m_head.truncate(end);
    refusal = finishHead(heads);
    return skipped + end - before;
}

std::optional<Refusal> RequestFramer::finishHead(QList<RequestHead> &heads)
{
    QByteArray head = m_head;
    m_head.clear();
    while (head.endsWith('\n') || head.endsWith('\r'))
        head.chop(1);
    RequestHead parsed;
    if (auto refused = parseHead(head, parsed))
        return refused;
    parsed.headBytes = head.size();
    m_current = parsed;
    if (parsed.contentLength > m_limits.maxBody)
        return tooLarge(m_limits.maxBody);
    heads.append(parsed);
    m_bodyBytes = 0;
    if (parsed.chunked)
        m_phase = Phase::ChunkSize;
    else if (parsed.contentLength > 0) {
        m_phase = Phase::Body;
        m_remaining = parsed.contentLength;
    } else {
        m_current.reset();
    }
    return std::nullopt;
}

qsizetype RequestFramer::feedChunked(QByteArrayView bytes, std::optional<Refusal> &refusal)
{
    if (m_phase == Phase::ChunkData) {
        const qsizetype used = qsizetype(qMin<qint64>(m_remaining, bytes.size()));
        m_remaining -= used;
        if (m_remaining == 0)
            m_phase = Phase::ChunkDataEnd;
        return used;
    }
    // Line-based states: chunk-size line, the CRLF after data, trailer lines.
    qsizetype used = 0;
    for (; used < bytes.size(); ++used) {
        m_head.append(bytes[used]);
        if (m_head.size() > 4096) {
            refusal = badRequest(QStringLiteral("Malformed chunked body"));
            return used + 1;
        }
        if (bytes[used] != '\n')
            continue;
        QByteArray line = m_head.trimmed();
        m_head.clear();
        if (m_phase == Phase::ChunkDataEnd) {
            m_phase = line.isEmpty() ? Phase::ChunkSize : Phase::Refused;
            if (!line.isEmpty())
                refusal = badRequest(QStringLiteral("Malformed chunked body"));
        } else if (m_phase == Phase::Trailer) {
            if (line.isEmpty()) {
                m_phase = Phase::Head;
                m_current.reset();
            }
        } else {
            bool ok = false;
            const qint64 size = line.split(';').first().trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0) {
                refusal = badRequest(QStringLiteral("Malformed chunk size"));
            } else if ((m_bodyBytes += size) > m_limits.maxBody) {
                refusal = tooLarge(m_limits.maxBody);
            } else if (size == 0) {
                m_phase = Phase::Trailer;
            } else {
                m_phase = Phase::ChunkData;
                m_remaining = size;
            }
        }
        return used + 1;
    }
    return used;
}

} // namespace academy::http
