#pragma once

#include "error.h"
#include "user.h"

namespace academy {
class UserService;
}

namespace academy::app {

// Every account, read page by page (a school has tens or hundreds, not millions).
Result<QList<User>> allUsers(UserService &users);

} // namespace academy::app
