#pragma once

#include "router.h"
#include "server_context.h"

namespace academy {
class StudentService;
}

namespace academy::http {

// `/`, `/health`, `/openapi.json`.
void registerServiceRoutes(Router &router, ServerContext &context);
// The Students section of the contract.
void registerStudentRoutes(Router &router, StudentService &students);

} // namespace academy::http
