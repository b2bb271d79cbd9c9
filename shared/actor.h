#pragma once

#include <QString>

#include <optional>

namespace academy {

// Who performs a write: every service write takes one, and the audit log records it.
struct Actor
{
    std::optional<qint64> userId; // nullopt: the system itself (migrations, first start)
    QString address;              // the client address, or "desktop" for the app

    static Actor system() { return {std::nullopt, QStringLiteral("system")}; }
};

} // namespace academy
