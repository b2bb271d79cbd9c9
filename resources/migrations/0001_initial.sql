-- Academy Admin schema, version 1. One schema for SQLite and PostgreSQL: {{ID}} becomes the
-- engine's auto-increment primary key. Times are milliseconds since the epoch (UTC).

CREATE TABLE students (
    id {{ID}},
    name TEXT NOT NULL,
    course TEXT NOT NULL,
    grade DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (grade >= 0 AND grade <= 100),
    -- case-folded copies for case-insensitive search beyond ASCII on both engines
    name_folded TEXT NOT NULL,
    course_folded TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX students_course ON students (course);
CREATE INDEX students_grade ON students (grade);
CREATE INDEX students_name_folded ON students (name_folded);
CREATE INDEX students_created_at ON students (created_at);

CREATE TABLE users (
    id {{ID}},
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'viewer')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_login_at BIGINT
);

-- who changed what; user_id stays a plain number so history outlives deleted users
CREATE TABLE audit_log (
    id {{ID}},
    time BIGINT NOT NULL,
    user_id BIGINT,
    address TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL DEFAULT '',
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_time ON audit_log (time);
CREATE INDEX audit_log_user ON audit_log (user_id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
