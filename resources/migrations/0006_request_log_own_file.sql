-- SQLite only (PostgreSQL records the version and changes nothing). The request log moves to
-- a file of its own beside the database, attached to every connection as "log" (see
-- Database::configure): its writer commits a batch several times a second, and each commit
-- to the students' file made every serving thread's reader drop its page cache and read
-- the pages again (a pread for every other GET /students/:id under load). Statements that
-- name request_log without a schema find it in "log" from here on. Written so that running
-- it again after a crash between the two files' commits does no harm.
CREATE TABLE IF NOT EXISTS log.request_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time BIGINT NOT NULL,
    request_id TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    route TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL,
    duration_ms DOUBLE PRECISION NOT NULL,
    bytes_in BIGINT NOT NULL DEFAULT 0,
    bytes_out BIGINT NOT NULL DEFAULT 0,
    remote_address TEXT NOT NULL DEFAULT '',
    user_id BIGINT
);
INSERT OR IGNORE INTO log.request_log (id, time, request_id, method, path, route, status, duration_ms,
                                       bytes_in, bytes_out, remote_address, user_id)
    SELECT id, time, request_id, method, path, route, status, duration_ms,
           bytes_in, bytes_out, remote_address, user_id
    FROM main.request_log;
DROP TABLE main.request_log;
CREATE INDEX IF NOT EXISTS log.request_log_time ON request_log (time);
