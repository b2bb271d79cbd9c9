#pragma once

#include "error.h"
#include "user.h"

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QString>

namespace academy::app {

// How values read to the person at the desk. Service errors already carry a message a
// client may see (never SQL); this adds the failing fields beneath it.
QString readableError(const Error &error);

// Local time, to the second; an empty string for an invalid time.
QString displayTime(const QDateTime &time);

// "in 14 min", "in 45 s": how long until `time`, from now.
QString timeUntil(const QDateTime &time);

// Who each user id is, for tables that show the person behind an id.
QHash<qint64, QString> emailsById(const QList<User> &users);

// A JSON value as indented text; "—" for null or undefined.
QString prettyJson(const QJsonValue &value);

} // namespace academy::app
