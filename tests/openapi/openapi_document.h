#pragma once

#include "openapi_schema.h"
#include "test_server.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace academy::test {

// One operation of the document: "GET" and "/students/{id}".
struct DocumentedOperation
{
    QByteArray method; // upper-case
    QString path;      // the path template as the document spells it
    QJsonObject operation;
};

// resources/openapi.json read as the contract a reply is held against.
class OpenApiDocument final
{
public:
    // `error` says why not when the file is missing or not a JSON object.
    static std::optional<OpenApiDocument> load(const QString &fileName, QString *error);
    explicit OpenApiDocument(QJsonObject document) : m_schemas(std::move(document)) {}

    const QJsonObject &json() const { return m_schemas.document(); }
    const SchemaChecker &schemas() const { return m_schemas; }

    QList<DocumentedOperation> operations() const;
    // The template a concrete path falls under ("/students/7" -> "/students/{id}"), the one
    // with the most literal segments winning as in the server's router; empty when none.
    QString templateFor(const QString &path) const;
    // The operation of a method on a template (HEAD is GET's); empty when undocumented.
    QJsonObject operation(const QByteArray &method, const QString &pathTemplate) const;
    // The operation's parameters, the path's own included, references resolved.
    QList<QJsonObject> parameters(const QByteArray &method, const QString &pathTemplate) const;

    // Every way a reply breaks the document for that request: an undocumented operation or
    // status, a required header missing, a header or body that does not fit its schema, a
    // media type that is not documented, a body where none is documented.
    QStringList checkReply(const QByteArray &method, const QByteArray &target,
                           const HttpReply &reply) const;
    // Every way a request the server accepted breaks the document: query parameters that
    // are not documented or do not fit, a body whose media type or content does not fit.
    QStringList checkRequest(const QByteArray &method, const QByteArray &target,
                             const QByteArray &contentType, const QByteArray &body) const;

private:
    QStringList checkHeaders(const QJsonObject &response, const HttpReply &reply,
                             const QString &where) const;
    QStringList checkContent(const QJsonObject &content, const QByteArray &contentType,
                             const QByteArray &body, const QString &where) const;

    SchemaChecker m_schemas;
};

// A header or query value as the JSON value its schema's type asks for ("3" -> 3 for an
// integer); the string itself when it cannot be one, so the type check reports it.
QJsonValue typedParameter(const QString &text, const QJsonObject &schema);

} // namespace academy::test
