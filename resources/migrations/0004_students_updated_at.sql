-- Lists sorted by updatedAt (the desktop table's Updated column, GET /students?sort=-updatedAt)
-- read the index in order instead of sorting every student.
CREATE INDEX students_updated_at ON students (updated_at);
