#include "audit_model.h"

#include "display_text.h"
#include "request_log_model.h"

namespace academy::app {

AuditModel::AuditModel(QObject *parent) : QAbstractTableModel(parent) {}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || role != Qt::DisplayRole)
        return {};
    const AuditEntry &entry = m_entries.at(index.row());
    switch (index.column()) {
    case Time: return displayTime(entry.time);
    case User: return entry.userId ? userLabel(m_userNames, entry.userId) : tr("(system)");
    case Action: return entry.action;
    case Entity: return entry.entity;
    case EntityId: return entry.entityId;
    case Address: return entry.address;
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case User: return tr("User");
    case Action: return tr("Action");
    case Entity: return tr("Entity");
    case EntityId: return tr("Id");
    case Address: return tr("From");
    }
    return {};
}

void AuditModel::setEntries(QList<AuditEntry> newestFirst)
{
    beginResetModel();
    m_entries = std::move(newestFirst);
    endResetModel();
}

void AuditModel::setUserNames(QHash<qint64, QString> names)
{
    m_userNames = std::move(names);
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, User), index(rowCount() - 1, User));
}

} // namespace academy::app
