#include "request_log_model.h"

#include "display_text.h"

#include <QBrush>
#include <QColor>

namespace academy::app {

QString userLabel(const QHash<qint64, QString> &names, const std::optional<qint64> &userId)
{
    if (!userId)
        return {};
    return names.value(*userId, QStringLiteral("#%1").arg(*userId));
}

RequestLogModel::RequestLogModel(QObject *parent) : QAbstractTableModel(parent) {}

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::display(const RequestLogEntry &entry, int column) const
{
    switch (column) {
    case Time: return displayTime(entry.time);
    case Method: return QString::fromLatin1(entry.method);
    case Path: return entry.path;
    case Status: return entry.status;
    case Duration: return QStringLiteral("%1 ms").arg(entry.durationMs, 0, 'f', entry.durationMs < 10 ? 2 : 1);
    case Address: return entry.remoteAddress;
    case User: return userLabel(m_userNames, entry.userId);
    }
    return {};
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RequestLogEntry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(entry, index.column());
    case Qt::ToolTipRole:
        return index.column() == Path ? QVariant(tr("%1\nrequest id %2").arg(entry.path, QString::fromLatin1(entry.requestId)))
                                      : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Status || index.column() == Duration ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() != Status)
            return {};
        if (entry.status >= 500)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        return entry.status >= 400 ? QVariant(QBrush(QColor(0xa0, 0x52, 0x00))) : QVariant();
    default: return {};
    }
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Method: return tr("Method");
    case Path: return tr("Path");
    case Status: return tr("Status");
    case Duration: return tr("Duration");
    case Address: return tr("Address");
    case User: return tr("User");
    }
    return {};
}

void RequestLogModel::setEntries(QList<RequestLogEntry> newestFirst)
{
    beginResetModel();
    m_entries = std::move(newestFirst);
    m_requestIds.clear();
    for (const RequestLogEntry &entry : std::as_const(m_entries))
        m_requestIds.insert(entry.requestId);
    endResetModel();
}

int RequestLogModel::prepend(const QList<RequestLogEntry> &newestFirst, int cap)
{
    QList<RequestLogEntry> fresh;
    for (const RequestLogEntry &entry : newestFirst) {
        const bool shown = !entry.requestId.isEmpty() && m_requestIds.contains(entry.requestId);
        if (fresh.size() < cap && !shown)
            fresh.append(entry);
    }
    if (fresh.isEmpty())
        return 0;
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    for (const RequestLogEntry &entry : std::as_const(fresh))
        m_requestIds.insert(entry.requestId);
    m_entries = fresh + m_entries;
    endInsertRows();
    if (m_entries.size() > cap) {
        beginRemoveRows({}, cap, int(m_entries.size()) - 1);
        for (qsizetype row = cap; row < m_entries.size(); ++row)
            m_requestIds.remove(m_entries.at(row).requestId);
        m_entries.resize(cap);
        endRemoveRows();
    }
    return int(fresh.size());
}

void RequestLogModel::setUserNames(QHash<qint64, QString> names)
{
    m_userNames = std::move(names);
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, User), index(rowCount() - 1, User));
}

} // namespace academy::app
