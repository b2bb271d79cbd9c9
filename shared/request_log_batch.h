#pragma once

#include "error.h"
#include "request_log_entry.h"

#include <QSqlDatabase>

namespace academy {

// How a batch of request log entries reaches each engine, inside the caller's transaction.
// The request log is written for every request a server answers, so its cost per entry is
// part of every request's (bench/run: at 40,000 requests/s, a statement per row through
// QSqlQuery took a third of the throughput).

// PostgreSQL: the whole batch as one COPY … FROM STDIN on the connection's own libpq handle
// (QPSQL has no COPY). A statement per row cost a round trip each; one INSERT … unnest() of
// array parameters cost the database 9 us of CPU a row under GET / load, COPY about 7.
Status appendRequestLogToPostgres(QSqlDatabase &db, const QList<RequestLogEntry> &entries);

// SQLite: INSERTs of up to 32 rows, each prepared once per connection, with the values bound
// straight from the entries through SQLite's own API. QSqlQuery's binding (a QVariant and a
// placeholder name built per value) cost more than SQLite's insert itself (callgrind).
Status appendRequestLogToSqlite(QSqlDatabase &db, const QList<RequestLogEntry> &entries);

} // namespace academy
