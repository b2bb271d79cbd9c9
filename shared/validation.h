#pragma once

#include "error.h"
#include "student.h"
#include "user.h"

#include <QJsonObject>

namespace academy {

// How a student body is read: Create and Replace need name and course (grade defaults to 0
// on Create and is kept when absent on Replace); Patch takes any subset.
enum class StudentWriteMode { Create, Replace, Patch };

// Validates a client's student object against the contract and returns the normalized
// (trimmed) values. Every failing field is reported, each with a message; server-owned
// fields (id, createdAt, updatedAt, version) are ignored; any other unknown field fails.
Result<StudentChanges> validateStudent(const QJsonObject &body, StudentWriteMode mode);

// The shared text rule for names and courses: trimmed, 1-200 characters (Unicode code
// points), no control characters, no lone surrogates. Returns the trimmed text, or a
// validation Error whose message is the rule broken ("must not be empty", "must be at most
// 200 characters", ...); the caller names the field.
Result<QString> validateText(const QString &raw);

// Grade rule: a finite number from 0 to 100.
bool isValidGrade(double grade);
QString gradeMessage(); // "must be a number from 0 to 100"

// Email: trimmed, lower-cased, RFC 5321 limits (local part <= 64, whole <= 254 octets),
// exactly one '@', non-empty parts, no empty domain labels, no whitespace or control
// characters.
Result<QString> normalizeEmail(const QString &raw);

// Password policy: 12 to 128 characters counted as Unicode code points; no composition rules.
// Not trimmed. Lone surrogates (no UTF-8 form) and NUL (ends a C string in crypt) are refused.
Status validatePassword(const QString &password);

} // namespace academy
