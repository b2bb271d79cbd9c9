#include "import_check.h"

#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QSet>

namespace academy::app {

namespace {

// In our words, not Qt's.
QString openFailure(const QFile &file)
{
    if (!file.exists())
        return QObject::tr("The file %1 does not exist.").arg(file.fileName());
    if (file.error() == QFileDevice::PermissionsError)
        return QObject::tr("You are not allowed to read %1.").arg(file.fileName());
    return QObject::tr("The file %1 cannot be read.").arg(file.fileName());
}

} // namespace

int ImportCheck::badRows() const
{
    QSet<int> lines;
    for (const FieldError &problem : plan.problems)
        lines.insert(problem.line);
    return int(lines.size());
}

ImportCheck checkCsvFile(const QString &path, int previewRecords)
{
    ImportCheck check;
    QFile file(path);
    if (QFileInfo(path).size() > MaxImportFileBytes) {
        check.readError =
            Error{ErrorCode::PayloadTooLarge,
                  QObject::tr("The file is larger than %1 MiB; split it into smaller files.")
                      .arg(MaxImportFileBytes / (1024 * 1024)),
                  {}};
        return check;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        check.readError = Error{ErrorCode::BadRequest, openFailure(file), {}};
        return check;
    }
    check.csv = file.readAll();
    check.plan = planCsvImport(check.csv);
    Result<QList<CsvRecord>> records = parseCsv(check.csv);
    if (records)
        check.preview = records->mid(0, previewRecords + 1);
    return check; // a file that does not parse shows its reason among the plan's problems
}

} // namespace academy::app
