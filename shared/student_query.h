#pragma once

#include "error.h"
#include "student.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace academy {

enum class StudentSort { Id, Name, Course, Grade, CreatedAt, UpdatedAt };

// A filtered, sorted page of students, as the list route and the desktop table ask for it.
struct StudentQuery
{
    static constexpr int DefaultLimit = 100;
    static constexpr int MaxLimit = 1000;

    QString search;                // case-insensitive substring of name or course
    std::optional<QString> course; // exact
    std::optional<double> minGrade;
    std::optional<double> maxGrade;
    StudentSort sort = StudentSort::Id;
    bool descending = false;
    int limit = DefaultLimit;
    qint64 offset = 0;
};

struct StudentPage
{
    QList<Student> items;
    qint64 total = 0; // matching students, ignoring limit and offset
};

// "name", "-grade", ... as the contract's `sort` parameter spells them. The one list of
// the sorts there are: the API, the desktop table and the messages all go through it.
std::optional<std::pair<StudentSort, bool>> parseStudentSort(const QString &text);
QString studentSortName(StudentSort sort, bool descending);
// Every field a list may be sorted by, ascending spelling: "id", "name", ...
QStringList studentSortFields();

} // namespace academy
