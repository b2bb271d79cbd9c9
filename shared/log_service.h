#pragma once

#include "audit_repository.h"
#include "database.h"
#include "error.h"
#include "request_log_repository.h"

namespace academy {

// Reading the request log and the audit trail, for the API and the desktop app alike.
class LogService final
{
public:
    static constexpr int MaxLimit = 1000;

    explicit LogService(Database &database) : m_database(database) {}

    // InvalidQuery for a limit outside 1..1000, a negative offset or since > until.
    Result<RequestLogPage> requests(const RequestLogQuery &query);
    Result<AuditPage> audit(const AuditQuery &query);

private:
    Database &m_database;
};

} // namespace academy
