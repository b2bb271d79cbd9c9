#pragma once

#include "login_failure_repository.h"

#include <QAbstractTableModel>

namespace academy::app {

// Every login lock in force: on an account's email and on a client address (an address
// may be locked for trying many accounts, which no single user row would show).
class LoginLocksModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Kind, Subject, Failures, LockedUntil, ColumnCount };

    explicit LoginLocksModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setLocks(QList<LoginLock> locks);
    const QList<LoginLock> &locks() const { return m_locks; }
    const LoginLock &lock(int row) const { return m_locks.at(row); }

private:
    QList<LoginLock> m_locks;
};

} // namespace academy::app
