#pragma once

#include "authenticator.h"

namespace academy {
class AuthService;
}

namespace academy::http {

// Bearer tokens (or the bare token the course's clients send), checked by AuthService.
class TokenAuthenticator final : public Authenticator
{
public:
    explicit TokenAuthenticator(AuthService &auth) : m_auth(auth) {}
    Result<std::optional<Identity>> authenticate(const Request &request) override;

private:
    AuthService &m_auth;
};

} // namespace academy::http
