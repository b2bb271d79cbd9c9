// The Users section of the contract (admin): /users, /users/:id, /lockouts.
#include "auth_service.h"
#include "error_mapping.h"
#include "http_helpers.h"
#include "routes.h"
#include "student.h"
#include "user_service.h"

#include <QJsonArray>
#include <QJsonObject>

namespace academy::http {

namespace {

Response userReply(int status, const QString &message, const User &user)
{
    return Response::json(status, QJsonObject{{QStringLiteral("message"), message}, {QStringLiteral("data"), user.toJson()}});
}

// GET /users?limit&offset -> 200 [User...], X-Total-Count
Response list(UserService &users, Request &request)
{
    Result<std::optional<qint64>> limit = queryInteger(request, QStringLiteral("limit"), 1, 1000);
    Result<std::optional<qint64>> offset = queryInteger(request, QStringLiteral("offset"), 0, std::numeric_limits<qint32>::max());
    if (!limit || !offset)
        return errorReply(!limit ? limit.error() : offset.error(), request);
    Result<UserPage> page = users.list(int(limit.value().value_or(100)), offset.value().value_or(0));
    if (!page)
        return errorReply(page.error(), request);
    QJsonArray items;
    for (const User &user : page->items)
        items.append(user.toJson());
    Response response = Response::json(200, items);
    response.setHeader("X-Total-Count", QByteArray::number(page->total));
    return response;
}

// GET /users/:id -> 200 User
Response get(UserService &users, Request &request)
{
    const std::optional<qint64> id = positiveId(request.params.value(QStringLiteral("id")));
    Result<User> user = id ? users.get(*id) : Result<User>(Error::notFound(QStringLiteral("User")));
    return user ? Response::json(200, user->toJson()) : errorReply(user.error(), request);
}

// POST /users {email, password, name?, role} -> 201 {message, data}; slow
Response create(UserService &users, Request &request)
{
    const QJsonObject body = request.json->object();
    const Actor actor = actorOf(request);
    const QByteArray requestId = request.requestId;
    return Response::deferred([&users, body, actor, requestId] {
        Result<User> created = users.create(actor, body, UserService::Creator::Admin);
        if (!created)
            return errorResponse(created.error(), requestId);
        Response response = userReply(201, QStringLiteral("User created successfully"), created.value());
        response.setHeader("Location", "/users/" + QByteArray::number(created->id));
        return response;
    });
}

// PATCH /users/:id {name?, role?, active?, password?} -> 200 {message, data}; slow with a password
Response update(UserService &users, Request &request)
{
    const std::optional<qint64> id = positiveId(request.params.value(QStringLiteral("id")));
    if (!id)
        return errorReply(Error::notFound(QStringLiteral("User")), request);
    const QJsonObject body = request.json->object();
    const Actor actor = actorOf(request);
    const QByteArray requestId = request.requestId;
    auto work = [&users, body, actor, requestId, id] {
        Result<User> updated = users.update(actor, *id, body);
        return updated ? userReply(200, QStringLiteral("User updated successfully"), updated.value())
                       : errorResponse(updated.error(), requestId);
    };
    return body.contains(QStringLiteral("password")) ? Response::deferred(work) : work();
}

// DELETE /users/:id -> 200 {message, id}
Response remove(UserService &users, Request &request)
{
    const std::optional<qint64> id = positiveId(request.params.value(QStringLiteral("id")));
    Status removed = id ? users.remove(actorOf(request), *id) : Status(Error::notFound(QStringLiteral("User")));
    if (!removed)
        return errorReply(removed.error(), request);
    return Response::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("User deleted successfully")},
                                           {QStringLiteral("id"), *id}});
}

// GET /lockouts -> 200 [{email, address, failures, lockedUntil}]
Response lockouts(AuthService &auth, Request &request)
{
    Result<QList<LoginLock>> locks = auth.lockouts();
    if (!locks)
        return errorReply(locks.error(), request);
    QJsonArray items;
    for (const LoginLock &lock : locks.value()) {
        const bool byEmail = lock.scope == LoginScope::Email;
        items.append(QJsonObject{{QStringLiteral("email"), byEmail ? QJsonValue(lock.subject) : QJsonValue()},
                                 {QStringLiteral("address"), byEmail ? QJsonValue() : QJsonValue(lock.subject)},
                                 {QStringLiteral("failures"), lock.failures},
                                 {QStringLiteral("lockedUntil"), formatTimestamp(lock.lockedUntil)}});
    }
    return Response::json(200, items);
}

// DELETE /lockouts?email=… | ?address=… -> 204
Response liftLockout(AuthService &auth, Request &request)
{
    const bool byEmail = request.query.hasQueryItem(QStringLiteral("email"));
    const QString subject = request.query.queryItemValue(byEmail ? QStringLiteral("email") : QStringLiteral("address"), QUrl::FullyDecoded);
    if (subject.isEmpty())
        return errorReply(Error{ErrorCode::InvalidQuery, QStringLiteral("Give ?email= or ?address="), {}}, request);
    Status lifted = auth.liftLockout(actorOf(request), byEmail ? LoginScope::Email : LoginScope::Address,
                                     byEmail ? subject.trimmed().toLower() : subject);
    return lifted ? Response::empty(204) : errorReply(lifted.error(), request);
}

} // namespace

void registerUserRoutes(Router &router, UserService &users, AuthService &auth)
{
    const auto with = [&users](Response (*handler)(UserService &, Request &)) {
        return [&users, handler](Request &request) { return handler(users, request); };
    };
    router.add({"GET", QStringLiteral("/users"), Access::Admin, BodyKind::None, with(list)});
    router.add({"POST", QStringLiteral("/users"), Access::Admin, BodyKind::JsonObject, with(create)});
    router.add({"GET", QStringLiteral("/users/:id"), Access::Admin, BodyKind::None, with(get)});
    router.add({"PATCH", QStringLiteral("/users/:id"), Access::Admin, BodyKind::JsonObject, with(update)});
    router.add({"DELETE", QStringLiteral("/users/:id"), Access::Admin, BodyKind::None, with(remove)});
    router.add({"GET", QStringLiteral("/lockouts"), Access::Admin, BodyKind::None, [&auth](Request &r) { return lockouts(auth, r); }});
    router.add({"DELETE", QStringLiteral("/lockouts"), Access::Admin, BodyKind::None, [&auth](Request &r) { return liftLockout(auth, r); }});
}

} // namespace academy::http
