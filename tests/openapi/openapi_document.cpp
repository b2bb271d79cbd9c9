#include "openapi_document.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

namespace academy::test {

namespace {

const QStringList httpMethods{QStringLiteral("get"),     QStringLiteral("put"),
                              QStringLiteral("post"),    QStringLiteral("delete"),
                              QStringLiteral("options"), QStringLiteral("head"),
                              QStringLiteral("patch"),   QStringLiteral("trace")};

// The literal segments a template shares with a path, or -1 when it does not match.
int matchTemplate(const QString &pathTemplate, const QString &path)
{
    const QStringList want = pathTemplate.split(QLatin1Char('/'));
    const QStringList have = path.split(QLatin1Char('/'));
    if (want.size() != have.size())
        return -1;
    int literals = 0;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want.at(i).startsWith(QLatin1Char('{')) && want.at(i).endsWith(QLatin1Char('}'))) {
            if (have.at(i).isEmpty())
                return -1;
        } else if (want.at(i) != have.at(i)) {
            return -1;
        } else {
            ++literals;
        }
    }
    return literals;
}

QByteArray mediaType(const QByteArray &contentType)
{
    return contentType.split(';').first().trimmed().toLower();
}

struct Target
{
    QString path;
    QUrlQuery query;
};

Target splitTarget(const QByteArray &target)
{
    const qsizetype question = target.indexOf('?');
    Target split{QUrl::fromPercentEncoding(question < 0 ? target : target.left(question)), {}};
    if (question >= 0)
        split.query = QUrlQuery(QString::fromLatin1(target.mid(question + 1)));
    return split;
}

} // namespace

QJsonValue typedParameter(const QString &text, const QJsonObject &schema)
{
    const QString type = schema.value(QStringLiteral("type")).toString();
    bool ok = false;
    if (type == QLatin1String("integer")) {
        const qint64 number = text.toLongLong(&ok);
        return ok ? QJsonValue(double(number)) : QJsonValue(text);
    }
    if (type == QLatin1String("number")) {
        const double number = text.toDouble(&ok);
        return ok ? QJsonValue(number) : QJsonValue(text);
    }
    if (type == QLatin1String("boolean") &&
        (text == QLatin1String("true") || text == QLatin1String("false")))
        return text == QLatin1String("true");
    return text;
}

std::optional<OpenApiDocument> OpenApiDocument::load(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = fileName + QStringLiteral(": ") + file.errorString();
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        *error = fileName + QStringLiteral(" is not a JSON object: ") + parseError.errorString();
        return std::nullopt;
    }
    return OpenApiDocument(document.object());
}

QList<DocumentedOperation> OpenApiDocument::operations() const
{
    QList<DocumentedOperation> found;
    const QJsonObject paths = json().value(QStringLiteral("paths")).toObject();
    for (auto path = paths.constBegin(); path != paths.constEnd(); ++path) {
        const QJsonObject item = m_schemas.resolve(path.value());
        for (auto it = item.constBegin(); it != item.constEnd(); ++it) {
            if (httpMethods.contains(it.key()))
                found.append({it.key().toUpper().toLatin1(), path.key(), it.value().toObject()});
        }
    }
    return found;
}

QString OpenApiDocument::templateFor(const QString &path) const
{
    QString best;
    int bestLiterals = -1;
    const QStringList templates = json().value(QStringLiteral("paths")).toObject().keys();
    for (const QString &candidate : templates) {
        const int literals = matchTemplate(candidate, path);
        if (literals > bestLiterals) {
            best = candidate;
            bestLiterals = literals;
        }
    }
    return best;
}

QJsonObject OpenApiDocument::operation(const QByteArray &method, const QString &pathTemplate) const
{
    const QJsonObject item =
        m_schemas.resolve(json().value(QStringLiteral("paths")).toObject().value(pathTemplate));
    const QByteArray name = method == "HEAD" ? QByteArray("get") : method.toLower();
    return item.value(QString::fromLatin1(name)).toObject();
}

QList<QJsonObject> OpenApiDocument::parameters(const QByteArray &method,
                                               const QString &pathTemplate) const
{
    const QJsonObject item =
        m_schemas.resolve(json().value(QStringLiteral("paths")).toObject().value(pathTemplate));
    QList<QJsonObject> found;
    for (const QJsonArray &list :
         {item.value(QStringLiteral("parameters")).toArray(),
          operation(method, pathTemplate).value(QStringLiteral("parameters")).toArray()}) {
        for (const QJsonValue &parameter : list)
            found.append(m_schemas.resolve(parameter));
    }
    return found;
}

QStringList OpenApiDocument::checkReply(const QByteArray &method, const QByteArray &target,
                                        const HttpReply &reply) const
{
    const QString pathTemplate = templateFor(splitTarget(target).path);
    const QString where = QStringLiteral("%1 %2 -> %3")
                              .arg(QString::fromLatin1(method), pathTemplate)
                              .arg(reply.status);
    const QJsonObject operation = this->operation(method, pathTemplate);
    if (operation.isEmpty())
        return {QStringLiteral("%1 %2: no such operation in the document")
                    .arg(QString::fromLatin1(method), QString::fromLatin1(target))};
    const QJsonObject responses = operation.value(QStringLiteral("responses")).toObject();
    const QString status = QString::number(reply.status);
    QJsonValue documented = responses.value(status);
    if (documented.isUndefined())
        documented = responses.value(status.left(1) + QStringLiteral("XX"));
    if (documented.isUndefined())
        documented = responses.value(QStringLiteral("default"));
    if (documented.isUndefined())
        return {where + QStringLiteral(": the status is not documented for this operation")};
    const QJsonObject response = m_schemas.resolve(documented);
    QStringList problems = checkHeaders(response, reply, where);
    const QJsonObject content = response.value(QStringLiteral("content")).toObject();
    if (content.isEmpty()) {
        if (!reply.body.isEmpty() && method != "HEAD")
            problems.append(where + QStringLiteral(": a body came where the document has none"));
        return problems;
    }
    if (method != "HEAD")
        problems += checkContent(content, reply.header("Content-Type"), reply.body,
                                 where + QStringLiteral(": body"));
    return problems;
}

QStringList OpenApiDocument::checkRequest(const QByteArray &method, const QByteArray &target,
                                          const QByteArray &contentType,
                                          const QByteArray &body) const
{
    const Target split = splitTarget(target);
    const QString pathTemplate = templateFor(split.path);
    const QString where = QStringLiteral("request %1 %2")
                              .arg(QString::fromLatin1(method), QString::fromLatin1(target));
    QStringList problems;
    const QList<QJsonObject> parameters = this->parameters(method, pathTemplate);
    for (const auto &[name, value] : split.query.queryItems(QUrl::FullyDecoded)) {
        const auto documented =
            std::find_if(parameters.cbegin(), parameters.cend(), [&](const QJsonObject &p) {
                return p.value(QStringLiteral("in")).toString() == QLatin1String("query") &&
                       p.value(QStringLiteral("name")).toString() == name;
            });
        if (documented == parameters.cend()) {
            problems.append(
                where + QStringLiteral(": the query parameter \"%1\" is not documented").arg(name));
            continue;
        }
        const QJsonObject schema = m_schemas.resolve(documented->value(QStringLiteral("schema")));
        problems += m_schemas.check(typedParameter(value, schema), schema,
                                    where + QStringLiteral(": query ") + name);
    }
    const QJsonObject requestBody =
        m_schemas.resolve(operation(method, pathTemplate).value(QStringLiteral("requestBody")));
    if (body.isEmpty())
        return problems;
    if (requestBody.isEmpty()) {
        problems.append(where + QStringLiteral(": the document takes no body here"));
        return problems;
    }
    return problems + checkContent(requestBody.value(QStringLiteral("content")).toObject(),
                                   contentType, body, where + QStringLiteral(": body"));
}

QStringList OpenApiDocument::checkHeaders(const QJsonObject &response, const HttpReply &reply,
                                          const QString &where) const
{
    QStringList problems;
    const QJsonObject headers = response.value(QStringLiteral("headers")).toObject();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        const QJsonObject header = m_schemas.resolve(it.value());
        const QByteArray name = it.key().toLatin1();
        if (!reply.hasHeader(name)) {
            if (header.value(QStringLiteral("required")).toBool())
                problems.append(
                    where + QStringLiteral(": the required header %1 is missing").arg(it.key()));
            continue;
        }
        const QJsonObject schema = m_schemas.resolve(header.value(QStringLiteral("schema")));
        problems += m_schemas.check(typedParameter(QString::fromLatin1(reply.header(name)), schema),
                                    schema, where + QStringLiteral(": header ") + it.key());
    }
    return problems;
}

QStringList OpenApiDocument::checkContent(const QJsonObject &content, const QByteArray &contentType,
                                          const QByteArray &body, const QString &where) const
{
    const QByteArray type = mediaType(contentType);
    if (!content.contains(QString::fromLatin1(type)))
        return {where +
                QStringLiteral(": the media type \"%1\" is not documented (%2)")
                    .arg(QString::fromLatin1(type), content.keys().join(QStringLiteral(", ")))};
    const QJsonValue schema =
        m_schemas.resolve(content.value(QString::fromLatin1(type))).value(QStringLiteral("schema"));
    if (type != "application/json")
        return m_schemas.check(QString::fromUtf8(body), schema, where);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return {where + QStringLiteral(": not JSON: ") + error.errorString()};
    return m_schemas.check(document.isArray() ? QJsonValue(document.array())
                                              : QJsonValue(document.object()),
                           schema, where);
}

} // namespace academy::test
