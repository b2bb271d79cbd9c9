#pragma once

#include "actor.h"
#include "error.h"
#include "student.h"
#include "student_query.h"
#include "task_progress.h"

#include <QString>

namespace academy {
class StudentService;
}

namespace academy::app {

// The Students tab's slow work, written to run on a BackgroundJobs thread: plain functions
// over StudentService that report progress through a TaskCounter and never touch a widget.

struct ExportOutcome
{
    Status status;
    qint64 exported = 0;
    bool cancelled = false;
};

// Writes the students matching `query` (in its order) to `path` as CSV, all or nothing:
// through QSaveFile, so a failed or cancelled export leaves no half-written file behind.
ExportOutcome exportStudents(StudentService &students, const StudentQuery &query,
                             const QString &path, const TaskCounter &counter);

struct RemovalOutcome
{
    int removed = 0;
    QList<FieldError> failures; // field: the student's name; message: why it stayed
};

// Deletes each student if it is still the version shown (a newer one stays, and says so).
RemovalOutcome removeStudents(StudentService &students, const Actor &actor,
                              const QList<Student> &chosen, const TaskCounter &counter);

} // namespace academy::app
