// The Auth section of the contract: /register, /login, /logout, /me, /dashboard, /me/password.
#include "auth_service.h"
#include "error_mapping.h"
#include "http_helpers.h"
#include "routes.h"
#include "student_service.h"
#include "user_service.h"

#include <QJsonObject>

namespace academy::http {

namespace {

Error loginShape(const QJsonObject &body)
{
    QList<FieldError> problems;
    for (const QString &field : {QStringLiteral("email"), QStringLiteral("password")}) {
        if (!body.value(field).isString())
            problems.append({field, body.contains(field) ? QStringLiteral("must be a string") : QStringLiteral("is required")});
    }
    return Error::validation(problems);
}

// POST /login {email, password} -> 200 {message, token, expiresIn, user}; slow (hashing)
Response login(AuthService &auth, Request &request)
{
    const QJsonObject body = request.json->object();
    if (Error shape = loginShape(body); !shape.details.isEmpty())
        return errorReply(shape, request);
    const QString email = body.value(QStringLiteral("email")).toString();
    const QString password = body.value(QStringLiteral("password")).toString();
    const QString address = request.client.toString();
    const QByteArray requestId = request.requestId;
    return Response::deferred([&auth, email, password, address, requestId] {
        Result<LoginResult> result = auth.login(email, password, address);
        if (!result)
            return errorResponse(result.error(), requestId);
        Response signedIn = Response::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Login successful")},
                                                            {QStringLiteral("token"), QString::fromLatin1(result->token)},
                                                            {QStringLiteral("expiresIn"), result->expiresIn},
                                                            {QStringLiteral("user"), result->user.toJson()}});
        signedIn.signedInUserId = result->user.id;
        return signedIn;
    });
}

// POST /register {email, password, name?} (+ role for an admin) -> 201 {message, data}; slow
Response registerUser(UserService &users, bool selfRegistration, Request &request)
{
    const bool byAdmin = request.identity && request.identity->role == Role::Admin;
    if (!byAdmin && !selfRegistration) {
        return errorReply(Error{request.identity ? ErrorCode::Forbidden : ErrorCode::Unauthorized,
                                QStringLiteral("Self-registration is off: an admin creates accounts"), {}},
                          request);
    }
    const QJsonObject body = request.json->object();
    const Actor actor = actorOf(request);
    const QByteArray requestId = request.requestId;
    const auto creator = byAdmin ? UserService::Creator::Admin : UserService::Creator::Self;
    return Response::deferred([&users, body, actor, requestId, creator] {
        Result<User> created = users.create(actor, body, creator);
        if (!created)
            return errorResponse(created.error(), requestId);
        Response response = Response::json(201, QJsonObject{{QStringLiteral("message"), QStringLiteral("User registered successfully")},
                                                            {QStringLiteral("data"), created->toJson()}});
        response.setHeader("Location", "/users/" + QByteArray::number(created->id));
        return response;
    });
}

// POST /logout -> 204; that token is refused from now on
Response logout(AuthService &auth, Request &request)
{
    TokenClaims claims;
    claims.userId = request.identity->userId;
    claims.jti = request.identity->sessionId;
    if (Status done = auth.logout(claims, actorOf(request)); !done)
        return errorReply(done.error(), request);
    return Response::empty(204);
}

// GET /me -> 200 User
Response me(UserService &users, Request &request)
{
    Result<User> user = users.get(request.identity->userId);
    return user ? Response::json(200, user->toJson()) : errorReply(user.error(), request);
}

// GET /dashboard -> 200 {message, user, stats}
Response dashboard(UserService &users, StudentService &students, Request &request)
{
    Result<User> user = users.get(request.identity->userId);
    if (!user)
        return errorReply(user.error(), request);
    StudentQuery one;
    one.limit = 1;
    Result<StudentPage> page = students.list(one);
    if (!page)
        return errorReply(page.error(), request);
    return Response::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Welcome to secure dashboard")},
                                           {QStringLiteral("user"), user->toJson()},
                                           {QStringLiteral("stats"), QJsonObject{{QStringLiteral("students"), page->total}}}});
}

// PUT /me/password {currentPassword, newPassword} -> 204; slow
Response changePassword(UserService &users, Request &request)
{
    const QJsonObject body = request.json->object();
    const Actor actor = actorOf(request);
    const qint64 userId = request.identity->userId;
    const QByteArray requestId = request.requestId;
    return Response::deferred([&users, body, actor, userId, requestId] {
        Status changed = users.changeOwnPassword(actor, userId, body);
        return changed ? Response::empty(204) : errorResponse(changed.error(), requestId);
    });
}

} // namespace

void registerAuthRoutes(Router &router, AuthService &auth, UserService &users, StudentService &students, bool selfRegistration)
{
    router.add({"POST", QStringLiteral("/register"), Access::Anyone, BodyKind::JsonObject,
                [&users, selfRegistration](Request &r) { return registerUser(users, selfRegistration, r); }});
    router.add({"POST", QStringLiteral("/login"), Access::Anyone, BodyKind::JsonObject, [&auth](Request &r) { return login(auth, r); }});
    router.add({"POST", QStringLiteral("/logout"), Access::Viewer, BodyKind::None, [&auth](Request &r) { return logout(auth, r); }});
    router.add({"GET", QStringLiteral("/me"), Access::Viewer, BodyKind::None, [&users](Request &r) { return me(users, r); }});
    router.add({"GET", QStringLiteral("/dashboard"), Access::Viewer, BodyKind::None,
                [&users, &students](Request &r) { return dashboard(users, students, r); }});
    router.add({"PUT", QStringLiteral("/me/password"), Access::Viewer, BodyKind::JsonObject,
                [&users](Request &r) { return changePassword(users, r); }});
}

} // namespace academy::http
