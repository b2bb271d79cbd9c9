#include "validation.h"

#include <QJsonValue>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace academy {

namespace {

constexpr qsizetype kMaxTextLength = 200;
constexpr qsizetype kMinPasswordLength = 12;
constexpr qsizetype kMaxPasswordLength = 128;
constexpr qsizetype kMaxLocalPartOctets = 64;
constexpr qsizetype kMaxDomainOctets = 253;
constexpr qsizetype kMaxEmailOctets = 254;

// What one pass over a QString finds: its length in code points (a surrogate pair is one
// character to the user, two QChars to Qt) and the defects the rules care about.
struct TextScan
{
    qsizetype codePoints = 0;
    bool loneSurrogate = false;
    bool control = false;
    bool nul = false;
    bool whitespace = false;
};

// Unicode general category Cc, spelled out so the rule does not depend on Qt's tables.
bool isControl(char16_t c)
{
    return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
}

TextScan scanText(const QString &text)
{
    TextScan scan;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        ++scan.codePoints;
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            scan.loneSurrogate = true;
        scan.control = scan.control || isControl(c.unicode());
        scan.nul = scan.nul || c.unicode() == 0;
        scan.whitespace = scan.whitespace || c.isSpace();
    }
    return scan;
}

// validateText, normalizeEmail and validatePassword know the rule but not the field's name:
// the caller wraps the message into a FieldError for its own field.
Error ruleError(const QString &message)
{
    Error error = Error::validation({});
    error.message = message;
    return error;
}

QString requiredMessage()
{
    return QStringLiteral("is required");
}

QString stringMessage()
{
    return QStringLiteral("must be a string");
}

QString emailMessage()
{
    return QStringLiteral("must be a valid email address");
}

QString unicodeMessage()
{
    return QStringLiteral("must be valid Unicode text");
}

// name and course: a string obeying validateText; absent is an error only when required.
std::optional<QString> readText(const QJsonObject &body, const QString &key, bool required,
                                QList<FieldError> &errors)
{
    const auto it = body.constFind(key);
    if (it == body.constEnd()) {
        if (required)
            errors.append({key, requiredMessage()});
        return std::nullopt;
    }
    if (!it->isString()) {
        errors.append({key, stringMessage()});
        return std::nullopt;
    }
    const Result<QString> text = validateText(it->toString());
    if (!text) {
        errors.append({key, text.error().message});
        return std::nullopt;
    }
    return text.value();
}

std::optional<double> readGrade(const QJsonObject &body, QList<FieldError> &errors)
{
    const auto it = body.constFind(QStringLiteral("grade"));
    if (it == body.constEnd())
        return std::nullopt;
    if (!it->isDouble() || !isValidGrade(it->toDouble())) {
        errors.append({QStringLiteral("grade"), gradeMessage()});
        return std::nullopt;
    }
    // Adding +0.0 turns -0 into 0, so a client's "-0" is never stored or echoed back.
    return it->toDouble() + 0.0;
}

bool isKnownStudentKey(const QString &key)
{
    static const QStringList known = {
        QStringLiteral("name"),    QStringLiteral("course"),    QStringLiteral("grade"),
        QStringLiteral("id"),      QStringLiteral("createdAt"), QStringLiteral("updatedAt"),
        QStringLiteral("version"),
    };
    return known.contains(key);
}

// Sorted explicitly: the report's order is part of the contract, not an accident of
// QJsonObject's storage.
void appendUnknownKeys(const QJsonObject &body, QList<FieldError> &errors)
{
    QStringList keys = body.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString &key : std::as_const(keys)) {
        if (!isKnownStudentKey(key))
            errors.append({key, QStringLiteral("is not a known field")});
    }
}

bool hasEmptyLabel(const QString &domain)
{
    const QStringList labels = domain.split(QLatin1Char('.'));
    return std::any_of(labels.cbegin(), labels.cend(),
                       [](const QString &label) { return label.isEmpty(); });
}

} // namespace

Result<QString> validateText(const QString &raw)
{
    const QString text = raw.trimmed();
    if (text.isEmpty())
        return ruleError(QStringLiteral("must not be empty"));
    const TextScan scan = scanText(text);
    if (scan.loneSurrogate)
        return ruleError(unicodeMessage());
    if (scan.control)
        return ruleError(QStringLiteral("must not contain control characters"));
    if (scan.codePoints > kMaxTextLength)
        return ruleError(QStringLiteral("must be at most 200 characters"));
    return text;
}

Result<StudentChanges> validateStudent(const QJsonObject &body, StudentWriteMode mode)
{
    const bool required = mode != StudentWriteMode::Patch;
    QList<FieldError> errors;
    StudentChanges changes;
    changes.name = readText(body, QStringLiteral("name"), required, errors);
    changes.course = readText(body, QStringLiteral("course"), required, errors);
    changes.grade = readGrade(body, errors);
    appendUnknownKeys(body, errors);
    if (!errors.isEmpty())
        return Error::validation(std::move(errors));
    if (mode == StudentWriteMode::Create && !changes.grade)
        changes.grade = 0.0;
    return changes;
}

bool isValidGrade(double grade)
{
    return std::isfinite(grade) && grade >= 0.0 && grade <= 100.0;
}

QString gradeMessage()
{
    return QStringLiteral("must be a number from 0 to 100");
}

Result<QString> normalizeEmail(const QString &raw)
{
    const QString email = raw.trimmed().toLower();
    const TextScan scan = scanText(email);
    if (email.isEmpty() || scan.loneSurrogate || scan.control || scan.whitespace)
        return ruleError(emailMessage());
    // RFC 5321 limits are in octets, which is what a mail system and the database store.
    if (email.toUtf8().size() > kMaxEmailOctets)
        return ruleError(QStringLiteral("must be at most 254 characters"));
    if (email.count(QLatin1Char('@')) != 1)
        return ruleError(emailMessage());
    const qsizetype at = email.indexOf(QLatin1Char('@'));
    const qsizetype localOctets = email.left(at).toUtf8().size();
    const QString domain = email.mid(at + 1);
    const qsizetype domainOctets = domain.toUtf8().size();
    if (localOctets < 1 || localOctets > kMaxLocalPartOctets || domainOctets < 1 ||
        domainOctets > kMaxDomainOctets || hasEmptyLabel(domain))
        return ruleError(emailMessage());
    return email;
}

Status validatePassword(const QString &password)
{
    const TextScan scan = scanText(password);
    if (scan.loneSurrogate || scan.nul)
        return ruleError(unicodeMessage());
    if (scan.codePoints < kMinPasswordLength)
        return ruleError(QStringLiteral("must be at least 12 characters"));
    if (scan.codePoints > kMaxPasswordLength)
        return ruleError(QStringLiteral("must be at most 128 characters"));
    return {};
}

} // namespace academy
