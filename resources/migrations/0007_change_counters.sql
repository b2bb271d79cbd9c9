-- SQLite only (PostgreSQL has NOTIFY). Other processes on the same file learn what changed
-- by reading these counters (ChangeFeed, twice a second) and forget what their caches hold
-- of that topic. Triggers count in the writer's own transaction, so every writer counts,
-- also one that is not Academy Admin (the sqlite3 shell). Only what a cache holds counts:
-- any change of a student; a user's role, activity or password and a session's revocation
-- or removal (token checks). A login's new session and last-login time do not, so a burst
-- of logins does not empty the caches.
CREATE TABLE change_counters (
    topic TEXT PRIMARY KEY,
    changes INTEGER NOT NULL
);
INSERT INTO change_counters (topic, changes) VALUES ('student', 0), ('user', 0), ('session', 0);
CREATE TRIGGER students_counted_insert AFTER INSERT ON students BEGIN UPDATE change_counters SET changes = changes + 1 WHERE topic = 'student'; END;
CREATE TRIGGER students_counted_update AFTER UPDATE ON students BEGIN UPDATE change_counters SET changes = changes + 1 WHERE topic = 'student'; END;
CREATE TRIGGER students_counted_delete AFTER DELETE ON students BEGIN UPDATE change_counters SET changes = changes + 1 WHERE topic = 'student'; END;
CREATE TRIGGER users_counted_update AFTER UPDATE OF role, active, password_hash ON users BEGIN UPDATE change_counters SET changes = changes + 1 WHERE topic = 'user'; END;
CREATE TRIGGER users_counted_delete AFTER DELETE ON users BEGIN UPDATE change_counters SET changes = changes + 1 WHERE topic = 'user'; END;
CREATE TRIGGER sessions_counted_update AFTER UPDATE OF revoked_at ON sessions BEGIN UPDATE change_counters SET changes = changes + 1 WHERE topic = 'session'; END;
CREATE TRIGGER sessions_counted_delete AFTER DELETE ON sessions BEGIN UPDATE change_counters SET changes = changes + 1 WHERE topic = 'session'; END;
