-- The request log: one row per finished request (never a body, a password or a token),
-- written in batches by one writer, pruned after LOG_RETENTION_DAYS.
CREATE TABLE request_log (
    id {{ID}},
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
CREATE INDEX request_log_time ON request_log (time);
CREATE INDEX request_log_status ON request_log (status);
CREATE INDEX request_log_user ON request_log (user_id);
