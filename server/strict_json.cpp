#include "strict_json.h"

#include <QJsonArray>
#include <QList>
#include <QSet>

namespace academy::http {

namespace {

Error invalid(const QString &why)
{
    return {ErrorCode::InvalidJson, QStringLiteral("Request body is not valid JSON: %1").arg(why), {}};
}

// Walks the text once, tracking nesting and the keys of each open object. Syntax beyond
// what this needs is left to QJsonDocument.
class Scanner
{
public:
    Scanner(const QByteArray &text, int maxDepth) : m_text(text), m_maxDepth(maxDepth) {}

    std::optional<Error> run()
    {
        for (m_pos = 0; m_pos < m_text.size(); ++m_pos) {
            const char c = m_text.at(m_pos);
            if (c == '"') {
                if (auto error = string())
                    return error;
            } else if (c == '{' || c == '[') {
                if (int(m_keys.size()) >= m_maxDepth)
                    return invalid(QStringLiteral("nested deeper than %1").arg(m_maxDepth));
                m_keys.append(QSet<QString>());
                m_isObject.append(c == '{');
                m_expectKey = c == '{';
            } else if (c == '}' || c == ']') {
                if (!m_keys.isEmpty()) {
                    m_keys.removeLast();
                    m_isObject.removeLast();
                }
            } else if (c == ',') {
                m_expectKey = !m_isObject.isEmpty() && m_isObject.last();
            }
        }
        return std::nullopt;
    }

private:
    std::optional<Error> string()
    {
        QByteArray raw;
        for (++m_pos; m_pos < m_text.size(); ++m_pos) {
            const auto c = static_cast<unsigned char>(m_text.at(m_pos));
            if (c == '"')
                break;
            if (c < 0x20)
                return invalid(QStringLiteral("control character inside a string"));
            raw.append(char(c));
            if (c == '\\' && m_pos + 1 < m_text.size())
                raw.append(m_text.at(++m_pos));
        }
        if (m_expectKey && !m_keys.isEmpty()) {
            m_expectKey = false;
            // Compare keys decoded, so "a" and "\u0061" are the same key.
            const QByteArray quoted = '"' + raw + '"';
            const QString key = QJsonDocument::fromJson("[" + quoted + "]").array().at(0).toString();
            if (m_keys.last().contains(key))
                return invalid(QStringLiteral("duplicate key \"%1\"").arg(key.left(64)));
            m_keys.last().insert(key);
        }
        return std::nullopt;
    }

    const QByteArray &m_text;
    const int m_maxDepth;
    qsizetype m_pos = 0;
    QList<QSet<QString>> m_keys;
    QList<bool> m_isObject;
    bool m_expectKey = false;
};

} // namespace

Result<QJsonDocument> parseStrictJson(const QByteArray &body, int maxDepth)
{
    if (body.startsWith("\xEF\xBB\xBF"))
        return invalid(QStringLiteral("byte-order mark before the JSON text"));
    if (auto error = Scanner(body, maxDepth).run())
        return *error;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("%1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    return doc;
}

} // namespace academy::http
