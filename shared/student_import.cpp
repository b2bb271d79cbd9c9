#include "student_import.h"

#include "csv.h"
#include "validation.h"

#include <QHash>
#include <QJsonObject>

#include <cmath>

namespace academy {

namespace {

const QStringList ignoredColumns{QStringLiteral("id"), QStringLiteral("createdAt"),
                                 QStringLiteral("updatedAt"), QStringLiteral("version")};

// Column name -> index, or problems for line 1.
QHash<QString, qsizetype> readHeader(const CsvRecord &header, QList<FieldError> &problems)
{
    QHash<QString, qsizetype> columns;
    for (qsizetype i = 0; i < header.cells.size(); ++i) {
        const QString name = header.cells.at(i).trimmed();
        if (name == QLatin1String("name") || name == QLatin1String("course") || name == QLatin1String("grade"))
            columns.insert(name, i);
        else if (!ignoredColumns.contains(name))
            problems.append({name, QStringLiteral("is not a known column"), header.line});
    }
    for (const QString &required : {QStringLiteral("name"), QStringLiteral("course")}) {
        if (!columns.contains(required))
            problems.append({required, QStringLiteral("column is missing from the header"), header.line});
    }
    return columns;
}

std::optional<double> parseGrade(const QString &text)
{
    bool ok = false;
    const double grade = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(grade) || !isValidGrade(grade))
        return std::nullopt;
    return grade;
}

void readRow(const CsvRecord &row, const QHash<QString, qsizetype> &columns, ImportPlan &plan)
{
    StudentDraft draft;
    bool good = true;
    auto cell = [&](const QString &column) {
        const qsizetype index = columns.value(column, -1);
        return index >= 0 && index < row.cells.size() ? withoutFormulaGuard(row.cells.at(index)) : QString();
    };
    for (const QString &field : {QStringLiteral("name"), QStringLiteral("course")}) {
        Result<QString> text = validateText(cell(field));
        if (!text) {
            plan.problems.append({field, text.error().message, row.line});
            good = false;
        } else {
            (field == QLatin1String("name") ? draft.name : draft.course) = text.value();
        }
    }
    const QString gradeText = cell(QStringLiteral("grade"));
    if (!gradeText.trimmed().isEmpty()) {
        const std::optional<double> grade = parseGrade(gradeText);
        if (!grade) {
            plan.problems.append({QStringLiteral("grade"), gradeMessage(), row.line});
            good = false;
        } else {
            draft.grade = *grade;
        }
    }
    if (good)
        plan.drafts.append(draft);
}

} // namespace

ImportPlan planCsvImport(const QByteArray &csv)
{
    ImportPlan plan;
    Result<QList<CsvRecord>> records = parseCsv(csv);
    if (!records) {
        plan.problems.append({QString(), records.error().message, 0});
        return plan;
    }
    if (records->isEmpty()) {
        plan.problems.append({QString(), QStringLiteral("the file holds no header and no students"), 0});
        return plan;
    }
    const QHash<QString, qsizetype> columns = readHeader(records->constFirst(), plan.problems);
    if (!plan.problems.isEmpty())
        return plan;
    for (qsizetype i = 1; i < records->size(); ++i)
        readRow(records->at(i), columns, plan);
    if (plan.drafts.isEmpty() && plan.problems.isEmpty())
        plan.problems.append({QString(), QStringLiteral("the file holds no students"), 0});
    return plan;
}

ImportPlan planJsonImport(const QJsonArray &array)
{
    ImportPlan plan;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const int element = int(i + 1);
        if (!array.at(i).isObject()) {
            plan.problems.append({QString(), QStringLiteral("must be a student object"), element});
            continue;
        }
        Result<StudentChanges> changes = validateStudent(array.at(i).toObject(), StudentWriteMode::Create);
        if (!changes) {
            for (FieldError problem : changes.error().details) {
                problem.line = element;
                plan.problems.append(problem);
            }
            continue;
        }
        plan.drafts.append({*changes->name, *changes->course, changes->grade.value_or(0)});
    }
    if (array.isEmpty())
        plan.problems.append({QString(), QStringLiteral("the array holds no students"), 0});
    return plan;
}

Error importError(const ImportPlan &plan)
{
    Error error = Error::validation(plan.problems);
    error.message = QStringLiteral("Import failed: %1 problem(s), nothing was imported").arg(plan.problems.size());
    return error;
}

} // namespace academy
