#include "token_authenticator.h"

#include "auth_service.h"
#include "jwt.h"

namespace academy::http {

Result<std::optional<Identity>> TokenAuthenticator::authenticate(const Request &request)
{
    const QByteArray token = tokenFromAuthorization(request.header("authorization"));
    if (token.isEmpty())
        return Error{ErrorCode::Unauthorized, QStringLiteral("Send Authorization: Bearer <token>"), {}};
    Result<TokenClaims> claims = m_auth.authenticate(token);
    if (!claims)
        return claims.error();
    return std::optional<Identity>(Identity{claims->userId, claims->email, claims->role, claims->jti});
}

} // namespace academy::http
