#pragma once

#include "error.h"
#include "student.h"

#include <QByteArray>
#include <QJsonArray>

namespace academy {

// What a bulk import would insert, or every reason it cannot: each problem carries the line
// (CSV) or 1-based element (JSON array) and the field. Pure: the desktop app previews with it,
// StudentService imports with it, so both apply the same rules.
struct ImportPlan
{
    QList<StudentDraft> drafts;
    QList<FieldError> problems;

    bool ok() const { return problems.isEmpty() && !drafts.isEmpty(); }
};

// CSV with a header row naming the columns: name and course required, grade optional, the
// server-owned id/createdAt/updatedAt/version ignored (so an export imports back), any
// other column refused.
ImportPlan planCsvImport(const QByteArray &csv);
// A JSON array of student objects, each read as a create.
ImportPlan planJsonImport(const QJsonArray &array);

// The 422 a failed plan becomes.
Error importError(const ImportPlan &plan);

} // namespace academy
