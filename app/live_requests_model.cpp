#include "live_requests_model.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <algorithm>

namespace academy::app {

LiveRequestsModel::LiveRequestsModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(qMax(1, capacity))
{
}

void LiveRequestsModel::addEntries(const QList<RequestLogEntry> &entries)
{
    // A burst larger than the table only shows its newest part: the rest would be
    // inserted and removed again in the same call.
    const qsizetype take = qMin<qsizetype>(entries.size(), m_capacity);
    if (take == 0)
        return;
    QList<RequestLogEntry> newest(entries.end() - take, entries.end());
    std::reverse(newest.begin(), newest.end());

    const qsizetype overflow = m_rows.size() + take - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, int(m_rows.size() - overflow), int(m_rows.size() - 1));
        m_rows.remove(m_rows.size() - overflow, overflow);
        endRemoveRows();
    }
    beginInsertRows({}, 0, int(take - 1));
    m_rows = newest + m_rows;
    endInsertRows();
}

int LiveRequestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LiveRequestsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LiveRequestsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RequestLogEntry &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == Status || index.column() == Duration || index.column() == UserId)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        // Failures should catch the eye in a fast-scrolling table.
        if (index.column() == Status && row.status >= 500)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        if (index.column() == Status && row.status >= 400)
            return QBrush(QColor(0x9a, 0x5b, 0x00));
        return {};
    case Qt::ToolTipRole:
        return QStringLiteral("%1 %2 → %3 (request %4)")
            .arg(QString::fromLatin1(row.method), row.path)
            .arg(row.status)
            .arg(QString::fromLatin1(row.requestId));
    default:
        return {};
    }
}

QVariant LiveRequestsModel::display(const RequestLogEntry &entry, int column) const
{
    switch (column) {
    case Time:
        return entry.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case Method:
        return QString::fromLatin1(entry.method);
    case Path:
        return entry.path;
    case Status:
        return entry.status;
    case Duration:
        return QLocale().toString(entry.durationMs, 'f', 1);
    case Address:
        return entry.remoteAddress;
    case UserId:
        return entry.userId ? QVariant(*entry.userId) : QVariant(QString());
    default:
        return {};
    }
}

QVariant LiveRequestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Method:
        return tr("Method");
    case Path:
        return tr("Path");
    case Status:
        return tr("Status");
    case Duration:
        return tr("Duration (ms)");
    case Address:
        return tr("Client address");
    case UserId:
        return tr("User id");
    default:
        return {};
    }
}

} // namespace academy::app
