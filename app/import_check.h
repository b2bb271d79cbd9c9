#pragma once

#include "csv.h"
#include "error.h"
#include "student_import.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace academy::app {

// What the import dialog shows before anything is written: the first records as read (the
// header first) and the dry run's verdict on every row, from the same planCsvImport the
// service imports with. Pure, so it runs on a worker thread.
struct ImportCheck
{
    QByteArray csv;
    QList<CsvRecord> preview;
    ImportPlan plan;
    std::optional<Error> readError; // the file itself could not be read

    bool ready() const { return !readError && plan.ok(); }
    // How many distinct lines have at least one problem.
    int badRows() const;
};

// A file larger than this is refused before it is read: far beyond any school's roll, and
// it would have to fit in memory twice.
constexpr qint64 MaxImportFileBytes = 100 * 1024 * 1024;

ImportCheck checkCsvFile(const QString &path, int previewRecords);

} // namespace academy::app
