#include "jwt.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMessageAuthenticationCode>
#include <array>
#include <cmath>
#include <optional>
#include <sodium.h>

namespace academy {

namespace {

constexpr qsizetype Sha256Bytes = 32;
constexpr qsizetype MaxJtiChars = 128;
// Clocks of several server instances drift a little; more than this is a forged or broken "iat".
constexpr qint64 MaxIssuedAtSkewSeconds = 60;
// NumericDates up to 9999-12-31T23:59:59Z: beyond that QDateTime and the database disagree,
// and no token of ours lives that long.
constexpr double MaxNumericDate = 253402300799.0;
// A JSON number is a double: integers above 2^53 are no longer exact.
constexpr double MaxExactInteger = 9007199254740992.0;

const auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

Error invalidToken()
{
    return Error{ErrorCode::Unauthorized, QStringLiteral("Invalid token"), {}};
}

Error expiredToken()
{
    return Error{ErrorCode::Unauthorized, QStringLiteral("Token expired"), {}};
}

bool isBase64UrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

// Strict base64url (RFC 7515 §2): no padding, no '+' '/', no whitespace, and canonical, so a
// token has exactly one spelling (otherwise the unused low bits of the last character could be
// flipped without changing the decoded signature).
std::optional<QByteArray> decodeSegment(const QByteArray &segment)
{
    if (segment.isEmpty() || segment.size() % 4 == 1)
        return std::nullopt;
    for (const char c : segment) {
        if (!isBase64UrlChar(c))
            return std::nullopt;
    }
    auto decoded = QByteArray::fromBase64Encoding(
        segment, Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(Base64Url) != segment)
        return std::nullopt;
    return decoded.decoded;
}

// Members of the top-level object as written, duplicates included: a ':' outside strings at
// depth 1. QJsonDocument keeps only the last of duplicate keys (also when spelled with
// escapes, "\u0061lg"), so more members here than in the parsed object means a duplicate.
// Only called on text QJsonDocument has already accepted as an object.
qsizetype topLevelMemberCount(const QByteArray &json)
{
    qsizetype count = 0;
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : json) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']')
            --depth;
        else if (c == ':' && depth == 1)
            ++count;
    }
    return count;
}

std::optional<QJsonObject> parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// Only {"alg":"HS256"} with an optional "typ":"JWT" (RFC 8725 §3.1: the algorithm is ours to
// choose, never the token's). "crit" names extensions we do not implement, so RFC 7515 §4.1.11
// says refuse. "kid", "jku", "x5u" and the like are ignored: we have one key and fetch nothing.
bool headerAcceptable(const QByteArray &json)
{
    const std::optional<QJsonObject> header = parseObject(json);
    if (!header || topLevelMemberCount(json) != header->size())
        return false;
    const QJsonValue alg = header->value(QLatin1String("alg"));
    if (!alg.isString() || alg.toString() != QLatin1String("HS256"))
        return false;
    if (header->contains(QLatin1String("typ"))) {
        const QJsonValue typ = header->value(QLatin1String("typ"));
        // A media type name, so case-insensitive (RFC 7519 §5.1).
        if (!typ.isString() ||
            typ.toString().compare(QLatin1String("JWT"), Qt::CaseInsensitive) != 0)
            return false;
    }
    return !header->contains(QLatin1String("crit"));
}

bool signatureMatches(const QByteArray &signingInput, const QByteArray &signature,
                      const QByteArray &secret)
{
    if (signature.size() != Sha256Bytes)
        return false;
    const QByteArray expected =
        QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256);
    return sodium_memcmp(expected.constData(), signature.constData(), size_t(Sha256Bytes)) == 0;
}

// A finite integer in [minimum, maximum] written as a JSON number.
std::optional<qint64> integerNumber(const QJsonValue &value, double minimum, double maximum)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!std::isfinite(number) || std::floor(number) != number || number < minimum ||
        number > maximum)
        return std::nullopt;
    return static_cast<qint64>(number);
}

// "sub": the user id, a string as RFC 7519 wants ("42"), or a bare JSON integer.
std::optional<qint64> subject(const QJsonValue &value)
{
    if (value.isDouble())
        return integerNumber(value, 1, MaxExactInteger);
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    if (text.isEmpty() || text.size() > 18 || text.startsWith(u'0'))
        return std::nullopt;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    return text.toLongLong();
}

std::optional<QByteArray> sessionId(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    if (text.isEmpty() || text.size() > MaxJtiChars)
        return std::nullopt;
    for (const QChar c : text) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7E)
            return std::nullopt;
    }
    return text.toLatin1();
}

// Every claim of ours is required: "iat" too, since the revocation rules (password change,
// logout) compare it with stored times.
Result<TokenClaims> claimsFromPayload(const QByteArray &json, const QDateTime &now)
{
    const std::optional<QJsonObject> payload = parseObject(json);
    if (!payload)
        return invalidToken();
    const auto userId = subject(payload->value(QLatin1String("sub")));
    const QJsonValue email = payload->value(QLatin1String("email"));
    const QJsonValue roleValue = payload->value(QLatin1String("role"));
    const auto role = roleValue.isString() ? roleFromName(roleValue.toString()) : std::nullopt;
    const auto issuedAt = integerNumber(payload->value(QLatin1String("iat")), 0, MaxNumericDate);
    const auto expiresAt = integerNumber(payload->value(QLatin1String("exp")), 0, MaxNumericDate);
    const auto jti = sessionId(payload->value(QLatin1String("jti")));
    if (!userId || !email.isString() || !role || !issuedAt || !expiresAt || !jti)
        return invalidToken();

    const qint64 nowSeconds = now.toSecsSinceEpoch();
    if (*issuedAt > nowSeconds + MaxIssuedAtSkewSeconds)
        return invalidToken();
    if (*expiresAt <= nowSeconds)
        return expiredToken();

    TokenClaims claims;
    claims.userId = *userId;
    claims.email = email.toString();
    claims.role = *role;
    claims.issuedAt = QDateTime::fromSecsSinceEpoch(*issuedAt, Qt::UTC);
    claims.expiresAt = QDateTime::fromSecsSinceEpoch(*expiresAt, Qt::UTC);
    claims.jti = *jti;
    return claims;
}

} // namespace

QByteArray JwtCodec::sign(const TokenClaims &claims) const
{
    static const QByteArray header =
        QByteArrayLiteral(R"({"alg":"HS256","typ":"JWT"})").toBase64(Base64Url);
    const QJsonObject payload{
        {QStringLiteral("sub"), QString::number(claims.userId)},
        {QStringLiteral("email"), claims.email},
        {QStringLiteral("role"), roleName(claims.role)},
        {QStringLiteral("iat"), claims.issuedAt.toSecsSinceEpoch()},
        {QStringLiteral("exp"), claims.expiresAt.toSecsSinceEpoch()},
        {QStringLiteral("jti"), QString::fromLatin1(claims.jti)},
    };
    const QByteArray signingInput =
        header + '.' + QJsonDocument(payload).toJson(QJsonDocument::Compact).toBase64(Base64Url);
    const QByteArray signature =
        QMessageAuthenticationCode::hash(signingInput, m_secret, QCryptographicHash::Sha256);
    return signingInput + '.' + signature.toBase64(Base64Url);
}

// Cheapest checks first; the payload is not even decoded until the signature has matched.
Result<TokenClaims> JwtCodec::verify(QByteArrayView token, const QDateTime &now) const
{
    if (token.isEmpty() || token.size() > MaxTokenBytes || m_secret.isEmpty())
        return invalidToken();
    const QByteArray text = token.toByteArray();
    const QList<QByteArray> segments = text.split('.');
    if (segments.size() != 3)
        return invalidToken();

    const std::optional<QByteArray> header = decodeSegment(segments.at(0));
    if (!header || !headerAcceptable(*header))
        return invalidToken();
    const std::optional<QByteArray> signature = decodeSegment(segments.at(2));
    const QByteArray signingInput = text.first(segments.at(0).size() + 1 + segments.at(1).size());
    if (segments.at(1).isEmpty() || !signature ||
        !signatureMatches(signingInput, *signature, m_secret))
        return invalidToken();

    const std::optional<QByteArray> payload = decodeSegment(segments.at(1));
    if (!payload)
        return invalidToken();
    return claimsFromPayload(*payload, now);
}

QByteArray tokenFromAuthorization(const QByteArray &headerValue)
{
    const QByteArray value = headerValue.trimmed();
    qsizetype gap = 0;
    while (gap < value.size() && value.at(gap) != ' ' && value.at(gap) != '\t')
        ++gap;
    if (gap == value.size()) {
        // A bare token, as the course's clients send it; "Bearer" alone is a scheme, not one.
        return value.compare("Bearer", Qt::CaseInsensitive) == 0 ? QByteArray() : value;
    }
    if (value.first(gap).compare("Bearer", Qt::CaseInsensitive) != 0)
        return {};
    const QByteArray token = value.sliced(gap).trimmed();
    // "Bearer a b" is no token of ours.
    if (token.contains(' ') || token.contains('\t'))
        return {};
    return token;
}

} // namespace academy
