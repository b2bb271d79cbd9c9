-- Sessions and login lockouts. Both live in the database so they hold across restarts and
-- across instances sharing PostgreSQL.

-- One row per issued token (id = the token's jti). A token is good only while its row
-- exists and is not revoked.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed logins per email and per client address, and the lock they lead to.
CREATE TABLE login_failures (
    scope TEXT NOT NULL CHECK (scope IN ('email', 'address')),
    subject TEXT NOT NULL,
    failures INTEGER NOT NULL,
    window_started_at BIGINT NOT NULL,
    locked_until BIGINT,
    PRIMARY KEY (scope, subject)
);
