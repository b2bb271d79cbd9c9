#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QStringView>

namespace academy {

// JSON written straight into bytes, for the few hot replies and log lines where building a
// QJsonObject and serialising it was most of the work (measured with perf). The same
// escaping as QJsonDocument (RFC 8259): quotes, backslashes, controls and lone surrogates
// escaped, UTF-8 otherwise.
void appendJsonString(QByteArray &out, QStringView text);
// The same for Latin-1 bytes (request ids, methods: almost always plain ASCII, copied as is).
void appendJsonString(QByteArray &out, QByteArrayView latin1);
// The shortest text that reads back as the same double (as QJsonDocument writes it).
void appendJsonNumber(QByteArray &out, double value);
// "2026-12-02T14:11:10.123Z" (UTC, milliseconds), formatted from the count itself: the
// access log writes one per request, and QDateTime's calendar work was most of a line's cost.
// The one writer of the format (formatTimestamp uses it too). Years outside 0000-9999 are
// not written this way: false, and nothing appended.
bool appendIsoTimestamp(QByteArray &out, qint64 msecsSinceEpoch);
// A timestamp as a JSON string, as formatTimestamp() writes it ("" when invalid).
void appendJsonTimestamp(QByteArray &out, const QDateTime &time);

} // namespace academy
