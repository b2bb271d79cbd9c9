#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace academy::test {

// Checks JSON values against the Schema Objects of an OpenAPI 3.0 document, for the subset
// of JSON Schema that resources/openapi.json uses: $ref (inside the document), type,
// nullable, enum, properties, required, additionalProperties, min/maxProperties, items,
// min/maxItems, minimum, maximum, min/maxLength, pattern, format (date-time is checked, the
// others are annotations), allOf, anyOf, oneOf. A keyword it does not know is a problem of
// its own, so the document cannot quietly use more than the checker checks.
class SchemaChecker final
{
public:
    explicit SchemaChecker(QJsonObject document) : m_document(std::move(document)) {}

    // Every way `value` breaks `schema` (an object or a {"$ref": ...}), each problem naming
    // where it is, starting with `where` (e.g. "body" -> "body.data.grade").
    QStringList check(const QJsonValue &value, const QJsonValue &schema,
                      const QString &where) const;

    // The object a "#/..." reference points at, following chains of references; the object
    // itself when it is no reference; empty when the reference leads nowhere.
    QJsonObject resolve(const QJsonValue &objectOrReference) const;

    const QJsonObject &document() const { return m_document; }

private:
    void checkInto(const QJsonValue &value, const QJsonValue &schema, const QString &where,
                   int depth, QStringList &problems) const;
    void checkType(const QJsonValue &value, const QString &type, const QString &where,
                   QStringList &problems) const;
    void checkObject(const QJsonObject &object, const QJsonObject &schema, const QString &where,
                     int depth, QStringList &problems) const;
    void checkArray(const QJsonArray &array, const QJsonObject &schema, const QString &where,
                    int depth, QStringList &problems) const;
    void checkString(const QString &text, const QJsonObject &schema, const QString &where,
                     QStringList &problems) const;
    void checkNumber(double number, const QJsonObject &schema, const QString &where,
                     QStringList &problems) const;
    void checkCombinations(const QJsonValue &value, const QJsonObject &schema, const QString &where,
                           int depth, QStringList &problems) const;

    QJsonObject m_document;
};

// RFC 3339 date-time, e.g. 2026-11-24T10:00:00.000Z.
bool isDateTime(const QString &text);

} // namespace academy::test
