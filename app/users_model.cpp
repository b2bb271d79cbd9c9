#include "users_model.h"

#include "display_text.h"

#include <QBrush>
#include <QPalette>

namespace academy::app {

UsersModel::UsersModel(QObject *parent) : QAbstractTableModel(parent) {}

int UsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int UsersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsersModel::display(const User &user, int column) const
{
    switch (column) {
    case Email: return user.email;
    case Name: return user.name;
    case Role: return roleName(user.role);
    case Active: return user.active ? tr("Active") : tr("Disabled");
    case LastLogin: return user.lastLoginAt.isValid() ? displayTime(user.lastLoginAt) : tr("never");
    case Lock: {
        const QDateTime until = m_locks.value(user.email);
        return until.isValid() ? tr("Locked until %1 (%2 left)").arg(displayTime(until), timeUntil(until)) : QString();
    }
    }
    return {};
}

QVariant UsersModel::sortKey(const User &user, int column) const
{
    switch (column) {
    case Role: return int(user.role);
    case LastLogin: return user.lastLoginAt.isValid() ? user.lastLoginAt.toMSecsSinceEpoch() : -1;
    case Lock: {
        const QDateTime until = m_locks.value(user.email);
        return until.isValid() ? until.toMSecsSinceEpoch() : -1;
    }
    default: return display(user, column);
    }
}

QVariant UsersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const User &user = m_users.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(user, index.column());
    case Qt::ToolTipRole: return index.column() == Lock ? display(user, Lock) : QVariant();
    case IdRole: return user.id;
    case SortRole: return sortKey(user, index.column());
    case Qt::ForegroundRole:
        if (index.column() == Lock)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        // A disabled account reads as inactive at a glance.
        return user.active ? QVariant() : QVariant(QPalette().brush(QPalette::Disabled, QPalette::Text));
    default: return {};
    }
}

QVariant UsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Email: return tr("Email");
    case Name: return tr("Name");
    case Role: return tr("Role");
    case Active: return tr("State");
    case LastLogin: return tr("Last login");
    case Lock: return tr("Login lock");
    }
    return {};
}

void UsersModel::setUsers(QList<User> users)
{
    beginResetModel();
    m_users = std::move(users);
    endResetModel();
}

void UsersModel::setLocks(QHash<QString, QDateTime> lockedUntil)
{
    m_locks = std::move(lockedUntil);
    if (!m_users.isEmpty())
        Q_EMIT dataChanged(index(0, Lock), index(rowCount() - 1, Lock));
}

int UsersModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).id == id)
            return row;
    }
    return -1;
}

} // namespace academy::app
