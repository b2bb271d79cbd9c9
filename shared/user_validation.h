#pragma once

#include "error.h"
#include "user.h"

#include <QJsonObject>

#include <optional>

namespace academy {

// A user body, validated: every failing field reported, unknown fields refused.
struct UserChanges
{
    std::optional<QString> email;
    std::optional<QString> password;
    std::optional<QString> name;
    std::optional<Role> role;
    std::optional<bool> active;
};

enum class UserWriteMode {
    Register, // {email, password, name?}
    Create,   // {email, password, name?, role?}
    Update,   // {name?, role?, active?, password?}
};

Result<UserChanges> validateUser(const QJsonObject &body, UserWriteMode mode);

} // namespace academy
