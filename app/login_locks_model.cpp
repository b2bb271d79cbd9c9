#include "login_locks_model.h"

#include "display_text.h"

namespace academy::app {

LoginLocksModel::LoginLocksModel(QObject *parent) : QAbstractTableModel(parent) {}

int LoginLocksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_locks.size());
}

int LoginLocksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LoginLocksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || role != Qt::DisplayRole)
        return {};
    const LoginLock &lock = m_locks.at(index.row());
    switch (index.column()) {
    case Kind: return lock.scope == LoginScope::Email ? tr("Account") : tr("Client address");
    case Subject: return lock.subject;
    case Failures: return lock.failures;
    case LockedUntil: return tr("%1 (%2 left)").arg(displayTime(lock.lockedUntil), timeUntil(lock.lockedUntil));
    }
    return {};
}

QVariant LoginLocksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Kind: return tr("Locked");
    case Subject: return tr("Email or address");
    case Failures: return tr("Failed logins");
    case LockedUntil: return tr("Until");
    }
    return {};
}

void LoginLocksModel::setLocks(QList<LoginLock> locks)
{
    beginResetModel();
    m_locks = std::move(locks);
    endResetModel();
}

} // namespace academy::app
