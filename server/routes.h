#pragma once

#include "router.h"
#include "server_context.h"

namespace academy {
class AuthService;
class LogService;
class StudentService;
class UserService;
}

namespace academy::http {

// `/`, `/health`, `/openapi.json`.
void registerServiceRoutes(Router &router, ServerContext &context);
// The Students section of the contract.
void registerStudentRoutes(Router &router, StudentService &students);
// The Auth section: /register, /login, /logout, /me, /dashboard, /me/password.
void registerAuthRoutes(Router &router, AuthService &auth, UserService &users, StudentService &students,
                        bool selfRegistration);
// The Users section (admin): /users, /users/:id, /lockouts.
void registerUserRoutes(Router &router, UserService &users, AuthService &auth);
// The Logs section (admin): /logs, /audit, /logs/stream; and /metrics.
void registerLogRoutes(Router &router, ServerContext &context, LogService &logs, RequestLog &log, AuthService &auth,
                       StudentService &students);

} // namespace academy::http
