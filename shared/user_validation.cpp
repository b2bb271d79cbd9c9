#include "user_validation.h"

#include "validation.h"

namespace academy {

namespace {

QStringList allowedFields(UserWriteMode mode)
{
    switch (mode) {
    case UserWriteMode::Register: return {QStringLiteral("email"), QStringLiteral("password"), QStringLiteral("name")};
    case UserWriteMode::Create:
        return {QStringLiteral("email"), QStringLiteral("password"), QStringLiteral("name"), QStringLiteral("role")};
    case UserWriteMode::Update:
        return {QStringLiteral("name"), QStringLiteral("role"), QStringLiteral("active"), QStringLiteral("password")};
    }
    return {};
}

void readName(const QJsonObject &body, UserChanges &changes, QList<FieldError> &problems)
{
    const QJsonValue value = body.value(QStringLiteral("name"));
    if (!value.isString()) {
        problems.append({QStringLiteral("name"), QStringLiteral("must be a string")});
        return;
    }
    if (value.toString().trimmed().isEmpty()) { // a name is optional: empty means none
        changes.name = QString();
        return;
    }
    Result<QString> name = validateText(value.toString());
    if (name)
        changes.name = name.value();
    else
        problems.append({QStringLiteral("name"), name.error().message});
}

void readCredentials(const QJsonObject &body, UserWriteMode mode, UserChanges &changes, QList<FieldError> &problems)
{
    if (mode != UserWriteMode::Update) {
        const QJsonValue email = body.value(QStringLiteral("email"));
        Result<QString> normalized = email.isString() ? normalizeEmail(email.toString())
                                                      : Result<QString>(Error{ErrorCode::ValidationFailed, email.isUndefined() ? QStringLiteral("is required") : QStringLiteral("must be a string"), {}});
        if (normalized)
            changes.email = normalized.value();
        else
            problems.append({QStringLiteral("email"), normalized.error().message});
    }
    const QJsonValue password = body.value(QStringLiteral("password"));
    if (password.isUndefined()) {
        if (mode != UserWriteMode::Update)
            problems.append({QStringLiteral("password"), QStringLiteral("is required")});
    } else if (!password.isString()) {
        problems.append({QStringLiteral("password"), QStringLiteral("must be a string")});
    } else if (Status policy = validatePassword(password.toString()); !policy) {
        problems.append({QStringLiteral("password"), policy.error().message});
    } else {
        changes.password = password.toString();
    }
}

} // namespace

Result<UserChanges> validateUser(const QJsonObject &body, UserWriteMode mode)
{
    UserChanges changes;
    QList<FieldError> problems;
    readCredentials(body, mode, changes, problems);
    if (body.contains(QStringLiteral("name")))
        readName(body, changes, problems);
    if (body.contains(QStringLiteral("role")) && mode != UserWriteMode::Register) {
        const std::optional<Role> role = roleFromName(body.value(QStringLiteral("role")).toString());
        if (role)
            changes.role = role;
        else
            problems.append({QStringLiteral("role"), QStringLiteral("must be admin, staff or viewer")});
    }
    if (body.contains(QStringLiteral("active")) && mode == UserWriteMode::Update) {
        if (body.value(QStringLiteral("active")).isBool())
            changes.active = body.value(QStringLiteral("active")).toBool();
        else
            problems.append({QStringLiteral("active"), QStringLiteral("must be true or false")});
    }
    const QStringList allowed = allowedFields(mode);
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (!allowed.contains(it.key()) && it.key() != QLatin1String("id"))
            problems.append({it.key(), mode == UserWriteMode::Register && it.key() == QLatin1String("role")
                                           ? QStringLiteral("only an admin may choose a role")
                                           : QStringLiteral("is not a known field")});
    }
    if (!problems.isEmpty())
        return Error::validation(problems);
    return changes;
}

} // namespace academy
