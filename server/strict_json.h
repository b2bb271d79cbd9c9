#pragma once

#include "error.h"

#include <QByteArray>
#include <QJsonDocument>

namespace academy::http {

// Parses a request body as JSON more strictly than QJsonDocument does on its own (it
// accepts what an API must refuse, see the platform notes): no byte-order mark, no raw
// control characters in strings, no duplicate keys, nesting at most `maxDepth`. Escaped
// \u0000 and lone surrogates are valid JSON text and left for validation to refuse by field.
Result<QJsonDocument> parseStrictJson(const QByteArray &body, int maxDepth = 32);

} // namespace academy::http
