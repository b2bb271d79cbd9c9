#include "conformance.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace academy::test {

Call get(const QByteArray &target, const QByteArray &token, const QByteArray &headers)
{
    return {"GET", target, token, {}, {}, headers};
}

Call bare(const QByteArray &method, const QByteArray &target, const QByteArray &token,
          const QByteArray &headers)
{
    return {method, target, token, {}, {}, headers};
}

Call withJson(const QByteArray &method, const QByteArray &target, const QByteArray &token,
              const QJsonValue &body, const QByteArray &headers)
{
    const QJsonDocument document =
        body.isArray() ? QJsonDocument(body.toArray()) : QJsonDocument(body.toObject());
    return {method, target, token, document.toJson(QJsonDocument::Compact), "application/json",
            headers};
}

HttpReply ConformanceClient::exchange(quint16 port, const Call &call, int status, QString *problems)
{
    QByteArray headers = call.headers;
    if (!call.token.isEmpty())
        headers += "Authorization: Bearer " + call.token + "\r\n";
    if (!call.contentType.isEmpty())
        headers += "Content-Type: " + call.contentType + "\r\n";
    const bool head = call.method == "HEAD";
    const QByteArray request = requestBytes(call.method, call.target, headers, call.body);
    const std::optional<HttpReply> reply = httpExchange(port, request, head);
    const QString name = QString::fromLatin1(call.method + ' ' + call.target);
    if (!reply) {
        *problems = name + QStringLiteral(": no reply");
        return {};
    }
    QStringList found;
    if (reply->status != status)
        found.append(QStringLiteral("%1: expected %2, got %3 %4")
                         .arg(name)
                         .arg(status)
                         .arg(reply->status)
                         .arg(QString::fromUtf8(reply->body.left(300))));
    found += m_document.checkReply(call.method, call.target, *reply);
    if (reply->status < 300 || reply->status == 304)
        found += m_document.checkRequest(call.method, call.target, call.contentType, call.body);
    const QString path = QUrl::fromPercentEncoding(call.target.split('?').first());
    exercised(head ? QByteArray("GET") : call.method, m_document.templateFor(path));
    *problems = found.join(QLatin1Char('\n'));
    return *reply;
}

void ConformanceClient::exercised(const QByteArray &method, const QString &pathTemplate)
{
    if (!m_document.operation(method, pathTemplate).isEmpty())
        m_exercised.insert(QString::fromLatin1(method) + QLatin1Char(' ') + pathTemplate);
}

QStringList ConformanceClient::unexercised() const
{
    QStringList missing;
    for (const DocumentedOperation &operation : m_document.operations()) {
        const QString name =
            QString::fromLatin1(operation.method) + QLatin1Char(' ') + operation.path;
        if (!m_exercised.contains(name))
            missing.append(name);
    }
    return missing;
}

HttpReply replyHead(const QByteArray &received)
{
    const qsizetype end = received.indexOf("\r\n\r\n");
    if (end < 0)
        return {};
    HttpReply head;
    const QList<QByteArray> lines = received.left(end).split('\n');
    head.status = lines.first().split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            head.headers.append({lines.at(i).left(colon), lines.at(i).mid(colon + 1).trimmed()});
    }
    head.body = received.mid(end + 4);
    return head;
}

} // namespace academy::test
