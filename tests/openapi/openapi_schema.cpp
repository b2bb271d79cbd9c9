#include "openapi_schema.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <cmath>

namespace academy::test {

namespace {

constexpr int MaxDepth = 64; // a reference cycle ends here instead of in a stack overflow

// Keywords that describe and never constrain.
const QStringList annotations{
    QStringLiteral("description"), QStringLiteral("example"),  QStringLiteral("default"),
    QStringLiteral("title"),       QStringLiteral("readOnly"), QStringLiteral("writeOnly"),
    QStringLiteral("deprecated"),
};

// Keywords checkInto and its helpers enforce.
const QStringList constraints{
    QStringLiteral("type"),          QStringLiteral("nullable"),
    QStringLiteral("enum"),          QStringLiteral("properties"),
    QStringLiteral("required"),      QStringLiteral("additionalProperties"),
    QStringLiteral("minProperties"), QStringLiteral("maxProperties"),
    QStringLiteral("items"),         QStringLiteral("minItems"),
    QStringLiteral("maxItems"),      QStringLiteral("minimum"),
    QStringLiteral("maximum"),       QStringLiteral("minLength"),
    QStringLiteral("maxLength"),     QStringLiteral("pattern"),
    QStringLiteral("format"),        QStringLiteral("allOf"),
    QStringLiteral("anyOf"),         QStringLiteral("oneOf"),
};

QString shown(const QJsonValue &value)
{
    if (value.isString())
        return QLatin1Char('"') + value.toString().left(60) + QLatin1Char('"');
    if (value.isObject())
        return QStringLiteral("an object");
    if (value.isArray())
        return QStringLiteral("an array");
    if (value.isNull())
        return QStringLiteral("null");
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::number(value.toDouble(), 'g', 17);
}

qsizetype codePoints(const QString &text)
{
    return text.toUcs4().size();
}

} // namespace

bool isDateTime(const QString &text)
{
    static const QRegularExpression rfc3339(QStringLiteral(
        R"(^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$)"));
    return rfc3339.match(text).hasMatch() &&
           QDateTime::fromString(text, Qt::ISODateWithMs).isValid();
}

QJsonObject SchemaChecker::resolve(const QJsonValue &objectOrReference) const
{
    QJsonObject object = objectOrReference.toObject();
    for (int hops = 0; object.contains(QStringLiteral("$ref")) && hops < MaxDepth; ++hops) {
        const QString reference = object.value(QStringLiteral("$ref")).toString();
        if (!reference.startsWith(QLatin1String("#/")))
            return {};
        QJsonValue target = m_document;
        for (QString part : reference.mid(2).split(QLatin1Char('/'))) {
            part.replace(QLatin1String("~1"), QLatin1String("/"))
                .replace(QLatin1String("~0"), QLatin1String("~"));
            target = target.toObject().value(part);
        }
        if (!target.isObject())
            return {};
        object = target.toObject();
    }
    return object;
}

QStringList SchemaChecker::check(const QJsonValue &value, const QJsonValue &schema,
                                 const QString &where) const
{
    QStringList problems;
    checkInto(value, schema, where, 0, problems);
    return problems;
}

void SchemaChecker::checkInto(const QJsonValue &value, const QJsonValue &schemaOrReference,
                              const QString &where, int depth, QStringList &problems) const
{
    if (depth > MaxDepth) {
        problems.append(
            where +
            QStringLiteral(": the schema nests deeper than %1 (a reference cycle?)").arg(MaxDepth));
        return;
    }
    const QJsonObject schema = resolve(schemaOrReference);
    if (schema.isEmpty() && schemaOrReference.toObject().contains(QStringLiteral("$ref"))) {
        problems.append(
            where +
            QStringLiteral(": the reference %1 leads nowhere")
                .arg(schemaOrReference.toObject().value(QStringLiteral("$ref")).toString()));
        return;
    }
    for (auto it = schema.constBegin(); it != schema.constEnd(); ++it) {
        if (!annotations.contains(it.key()) && !constraints.contains(it.key()) &&
            !it.key().startsWith(QLatin1String("x-")))
            problems.append(
                where +
                QStringLiteral(": the schema uses \"%1\", which this checker does not check")
                    .arg(it.key()));
    }
    checkCombinations(value, schema, where, depth, problems);
    if (value.isNull() && schema.value(QStringLiteral("nullable")).toBool())
        return;
    if (schema.contains(QStringLiteral("enum")) &&
        !schema.value(QStringLiteral("enum")).toArray().contains(value))
        problems.append(
            where +
            QStringLiteral(": %1 is none of %2")
                .arg(shown(value),
                     QString::fromUtf8(QJsonDocument(schema.value(QStringLiteral("enum")).toArray())
                                           .toJson(QJsonDocument::Compact))));
    if (schema.contains(QStringLiteral("type"))) {
        const qsizetype before = problems.size();
        checkType(value, schema.value(QStringLiteral("type")).toString(), where, problems);
        if (problems.size() > before)
            return; // the rest would only repeat it
    }
    if (value.isObject())
        checkObject(value.toObject(), schema, where, depth, problems);
    else if (value.isArray())
        checkArray(value.toArray(), schema, where, depth, problems);
    else if (value.isString())
        checkString(value.toString(), schema, where, problems);
    else if (value.isDouble())
        checkNumber(value.toDouble(), schema, where, problems);
}

void SchemaChecker::checkType(const QJsonValue &value, const QString &type, const QString &where,
                              QStringList &problems) const
{
    bool ok = false;
    if (type == QLatin1String("object"))
        ok = value.isObject();
    else if (type == QLatin1String("array"))
        ok = value.isArray();
    else if (type == QLatin1String("string"))
        ok = value.isString();
    else if (type == QLatin1String("boolean"))
        ok = value.isBool();
    else if (type == QLatin1String("number"))
        ok = value.isDouble();
    else if (type == QLatin1String("integer"))
        ok = value.isDouble() && std::trunc(value.toDouble()) == value.toDouble();
    else
        problems.append(where +
                        QStringLiteral(": the schema names an unknown type \"%1\"").arg(type));
    if (!ok)
        problems.append(where + QStringLiteral(": %1 is not of type %2").arg(shown(value), type));
}

void SchemaChecker::checkObject(const QJsonObject &object, const QJsonObject &schema,
                                const QString &where, int depth, QStringList &problems) const
{
    const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
    for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray()) {
        if (!object.contains(name.toString()))
            problems.append(
                where +
                QStringLiteral(": the required property \"%1\" is missing").arg(name.toString()));
    }
    const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString path = where + QLatin1Char('.') + it.key();
        if (properties.contains(it.key()))
            checkInto(it.value(), properties.value(it.key()), path, depth + 1, problems);
        else if (additional.isBool() && !additional.toBool())
            problems.append(
                where + QStringLiteral(": the property \"%1\" is not in the schema").arg(it.key()));
        else if (additional.isObject())
            checkInto(it.value(), additional, path, depth + 1, problems);
    }
    if (schema.contains(QStringLiteral("minProperties")) &&
        object.size() < schema.value(QStringLiteral("minProperties")).toInt())
        problems.append(where + QStringLiteral(": has fewer properties than %1")
                                    .arg(schema.value(QStringLiteral("minProperties")).toInt()));
    if (schema.contains(QStringLiteral("maxProperties")) &&
        object.size() > schema.value(QStringLiteral("maxProperties")).toInt())
        problems.append(where + QStringLiteral(": has more properties than %1")
                                    .arg(schema.value(QStringLiteral("maxProperties")).toInt()));
}

void SchemaChecker::checkArray(const QJsonArray &array, const QJsonObject &schema,
                               const QString &where, int depth, QStringList &problems) const
{
    if (schema.contains(QStringLiteral("minItems")) &&
        array.size() < schema.value(QStringLiteral("minItems")).toInt())
        problems.append(where + QStringLiteral(": has fewer items than %1")
                                    .arg(schema.value(QStringLiteral("minItems")).toInt()));
    if (schema.contains(QStringLiteral("maxItems")) &&
        array.size() > schema.value(QStringLiteral("maxItems")).toInt())
        problems.append(where + QStringLiteral(": has more items than %1")
                                    .arg(schema.value(QStringLiteral("maxItems")).toInt()));
    if (!schema.contains(QStringLiteral("items")))
        return;
    for (qsizetype i = 0; i < array.size(); ++i)
        checkInto(array.at(i), schema.value(QStringLiteral("items")),
                  where + QStringLiteral("[%1]").arg(i), depth + 1, problems);
}

void SchemaChecker::checkString(const QString &text, const QJsonObject &schema,
                                const QString &where, QStringList &problems) const
{
    const qsizetype length = codePoints(text);
    if (schema.contains(QStringLiteral("minLength")) &&
        length < schema.value(QStringLiteral("minLength")).toInt())
        problems.append(where + QStringLiteral(": %1 is shorter than %2")
                                    .arg(shown(text))
                                    .arg(schema.value(QStringLiteral("minLength")).toInt()));
    if (schema.contains(QStringLiteral("maxLength")) &&
        length > schema.value(QStringLiteral("maxLength")).toInt())
        problems.append(where + QStringLiteral(": %1 is longer than %2")
                                    .arg(shown(text))
                                    .arg(schema.value(QStringLiteral("maxLength")).toInt()));
    if (schema.contains(QStringLiteral("pattern"))) {
        const QRegularExpression pattern(schema.value(QStringLiteral("pattern")).toString());
        if (!pattern.isValid())
            problems.append(where + QStringLiteral(": the schema's pattern does not compile: ") +
                            pattern.errorString());
        else if (!pattern.match(text).hasMatch())
            problems.append(
                where +
                QStringLiteral(": %1 does not match %2").arg(shown(text), pattern.pattern()));
    }
    if (schema.value(QStringLiteral("format")).toString() == QLatin1String("date-time") &&
        !isDateTime(text))
        problems.append(where +
                        QStringLiteral(": %1 is not an RFC 3339 date-time").arg(shown(text)));
}

void SchemaChecker::checkNumber(double number, const QJsonObject &schema, const QString &where,
                                QStringList &problems) const
{
    if (schema.contains(QStringLiteral("minimum")) &&
        number < schema.value(QStringLiteral("minimum")).toDouble())
        problems.append(where + QStringLiteral(": %1 is below the minimum %2")
                                    .arg(number)
                                    .arg(schema.value(QStringLiteral("minimum")).toDouble()));
    if (schema.contains(QStringLiteral("maximum")) &&
        number > schema.value(QStringLiteral("maximum")).toDouble())
        problems.append(where + QStringLiteral(": %1 is above the maximum %2")
                                    .arg(number)
                                    .arg(schema.value(QStringLiteral("maximum")).toDouble()));
}

void SchemaChecker::checkCombinations(const QJsonValue &value, const QJsonObject &schema,
                                      const QString &where, int depth, QStringList &problems) const
{
    for (const QJsonValue &part : schema.value(QStringLiteral("allOf")).toArray())
        checkInto(value, part, where, depth + 1, problems);
    for (const QString &keyword : {QStringLiteral("anyOf"), QStringLiteral("oneOf")}) {
        if (!schema.contains(keyword))
            continue;
        int matching = 0;
        for (const QJsonValue &part : schema.value(keyword).toArray()) {
            QStringList partProblems;
            checkInto(value, part, where, depth + 1, partProblems);
            matching += partProblems.isEmpty() ? 1 : 0;
        }
        if (matching == 0 || (keyword == QLatin1String("oneOf") && matching > 1))
            problems.append(where + QStringLiteral(": %1 matches %2 of the %3 alternatives")
                                        .arg(shown(value))
                                        .arg(matching)
                                        .arg(keyword));
    }
}

} // namespace academy::test
