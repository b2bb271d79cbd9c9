#pragma once

#include "config.h"
#include "error.h"

namespace academy {

class UserService;

// ADMIN_EMAIL/ADMIN_PASSWORD on an empty database: the first admin. A no-op once users
// exist (the variables may stay set on every start).
Status createAdminFromEnvironment(const Config &config, UserService &users);

// `academy-server --create-admin EMAIL`: asks for the password twice, without echo on a
// terminal; a script may pipe the two lines in.
Status createAdminInteractively(const QString &email, UserService &users);

} // namespace academy
