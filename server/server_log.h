#pragma once

#include "config.h"
#include "server_context.h"

namespace academy {

// stderr logging of the headless server: Qt messages filtered by LOG_LEVEL, one line each.
void installServerLog(LogLevel level);
// One structured (JSON) line per finished request, to stderr; safe from any thread.
void writeAccessLogLine(const http::AccessLogEntry &entry);

} // namespace academy
