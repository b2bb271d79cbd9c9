#pragma once

#include <QByteArray>
#include <QStringView>

namespace academy {

// JSON written straight into bytes, for the few hot replies and log lines where building a
// QJsonObject and serialising it was most of the work (measured with perf). The same
// escaping as QJsonDocument (RFC 8259): quotes, backslashes, controls and lone surrogates
// escaped, UTF-8 otherwise.
void appendJsonString(QByteArray &out, QStringView text);
// The shortest text that reads back as the same double (as QJsonDocument writes it).
void appendJsonNumber(QByteArray &out, double value);

} // namespace academy
