#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace academy {

struct Student
{
    qint64 id = 0;
    QString name;
    QString course;
    double grade = 0;
    QDateTime createdAt;
    QDateTime updatedAt;
    int version = 1;

    QJsonObject toJson() const;
    // The same object as JSON text, written directly (hot replies: GET by id and lists).
    void appendJson(QByteArray &out) const;
};

// A JSON array of students, as QJsonDocument would write their toJson().
QByteArray studentsJson(const QList<Student> &students);

// The client-writable fields of a student; absent ones are std::nullopt. Produced only by
// validation, so every present value already obeys the contract.
struct StudentChanges
{
    std::optional<QString> name;
    std::optional<QString> course;
    std::optional<double> grade;
};

// A new student, complete.
struct StudentDraft
{
    QString name;
    QString course;
    double grade = 0;
};

// Timestamps travel as RFC 3339 UTC with milliseconds, e.g. 2026-11-24T10:00:00.000Z.
QString formatTimestamp(const QDateTime &time);

} // namespace academy
