#pragma once

#include "database.h"
#include "error.h"

#include <QString>

namespace academy {

// Knows whether the previous run ended cleanly: a marker file in the data folder exists
// while a process runs and is removed on a clean exit. Finding one left by a process that
// is gone means a crash, a kill or a power cut: that is recorded in the audit log (entity
// "server", action "unclean_shutdown"), so the desktop app and GET /audit show it.
class RunMarker final
{
public:
    explicit RunMarker(QString dataDir);
    ~RunMarker(); // a clean exit: the marker goes

    // Writes this process's marker; true when the previous run did not end cleanly.
    bool begin();
    // Records the unclean end found by begin() in the audit log.
    Status recordUncleanShutdown(Database &database);

private:
    QString m_path;
    QByteArray m_previous; // what the stale marker said
    bool m_owned = false;
};

} // namespace academy
