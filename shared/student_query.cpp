#include "student_query.h"

namespace academy {

namespace {

struct SortName
{
    StudentSort sort;
    QLatin1String name;
};

constexpr SortName sortNames[] = {
    {StudentSort::Id, QLatin1String("id")},
    {StudentSort::Name, QLatin1String("name")},
    {StudentSort::Course, QLatin1String("course")},
    {StudentSort::Grade, QLatin1String("grade")},
    {StudentSort::CreatedAt, QLatin1String("createdAt")},
    {StudentSort::UpdatedAt, QLatin1String("updatedAt")},
};

} // namespace

std::optional<std::pair<StudentSort, bool>> parseStudentSort(const QString &text)
{
    const bool descending = text.startsWith(QLatin1Char('-'));
    const QString field = descending ? text.mid(1) : text;
    for (const SortName &entry : sortNames) {
        if (field == entry.name)
            return std::make_pair(entry.sort, descending);
    }
    return std::nullopt;
}

QString studentSortName(StudentSort sort, bool descending)
{
    for (const SortName &entry : sortNames) {
        if (entry.sort == sort)
            return (descending ? QStringLiteral("-") : QString()) + entry.name;
    }
    return QStringLiteral("id");
}

QStringList studentSortFields()
{
    QStringList fields;
    for (const SortName &entry : sortNames)
        fields.append(entry.name);
    return fields;
}

} // namespace academy
