#pragma once

#include "error.h"
#include "user.h"

#include <QByteArray>
#include <QDateTime>

namespace academy {

struct TokenClaims
{
    qint64 userId = 0;   // "sub" (a string in the token, as RFC 7519 wants)
    QString email;       // "email"
    Role role = Role::Viewer; // "role"
    QDateTime issuedAt;  // "iat" (NumericDate)
    QDateTime expiresAt; // "exp" (NumericDate), required
    QByteArray jti;      // "jti": the session id
};

// JSON Web Tokens, HS256 only (RFC 7519, RFC 8725 best practice), signed and verified with
// QMessageAuthenticationCode. Every other "alg" (none, HS384, RS256, ...) is refused, "exp"
// is required, the signature is compared in constant time, and oversized or malformed
// tokens are refused before any work.
class JwtCodec final
{
public:
    static constexpr qsizetype MaxTokenBytes = 4096;

    // The secret must be at least 32 bytes (checked where it is loaded).
    explicit JwtCodec(QByteArray secret) : m_secret(std::move(secret)) {}

    QByteArray sign(const TokenClaims &claims) const;
    // ErrorCode::Unauthorized with a short reason on any failure.
    Result<TokenClaims> verify(QByteArrayView token, const QDateTime &now) const;

private:
    QByteArray m_secret;
};

// "Bearer x" or a bare "x" (the course's clients send it so); empty when neither.
QByteArray tokenFromAuthorization(const QByteArray &headerValue);

} // namespace academy
