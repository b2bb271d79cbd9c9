#pragma once

#include "error.h"
#include "http_message.h"

#include <optional>

namespace academy::http {

// Turns a request's credentials into an identity. The auth layer provides the real one;
// the pipeline only knows this interface.
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    // nullopt when the request carries no credentials; an error when they are bad.
    virtual Result<std::optional<Identity>> authenticate(const Request &request) = 0;
};

} // namespace academy::http
