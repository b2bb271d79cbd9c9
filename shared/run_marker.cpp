#include "run_marker.h"

#include "audit_repository.h"
#include "sql_support.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QSaveFile>

#include <csignal>
#include <cerrno>

namespace academy {

namespace {

bool processAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

} // namespace

RunMarker::RunMarker(QString dataDir) : m_path(QDir(dataDir).filePath(QStringLiteral("running.pid"))) {}

RunMarker::~RunMarker()
{
    if (m_owned)
        QFile::remove(m_path);
}

bool RunMarker::begin()
{
    QFile existing(m_path);
    bool unclean = false;
    if (existing.open(QIODevice::ReadOnly)) {
        m_previous = existing.readAll().trimmed();
        const qint64 pid = m_previous.split(' ').value(0).toLongLong();
        // Another live process on the same folder keeps its marker; we do not take it over.
        if (processAlive(pid) && pid != QCoreApplication::applicationPid())
            return false;
        unclean = true;
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile marker(m_path);
    if (marker.open(QIODevice::WriteOnly)) {
        marker.write(QByteArray::number(QCoreApplication::applicationPid()) + ' '
                     + QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toLatin1() + '\n');
        m_owned = marker.commit();
    }
    return unclean;
}

Status RunMarker::recordUncleanShutdown(Database &database)
{
    Result<QSqlDatabase> db = database.connection();
    if (!db)
        return db.error();
    AuditEntry entry;
    entry.time = currentTime();
    entry.address = QStringLiteral("system");
    entry.action = QStringLiteral("unclean_shutdown");
    entry.entity = QStringLiteral("server");
    const QList<QByteArray> fields = m_previous.split(' ');
    entry.after = QJsonObject{{QStringLiteral("previousPid"), QString::fromLatin1(fields.value(0))},
                              {QStringLiteral("previousStart"), QString::fromLatin1(fields.value(1))},
                              {QStringLiteral("message"), QStringLiteral("The previous run did not shut down cleanly (crash, kill or power loss)")}};
    return AuditRepository(db.value()).append(entry);
}

} // namespace academy
