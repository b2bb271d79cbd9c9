#pragma once

#include "user.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>

namespace academy::app {

// The accounts as the Users tab lists them, each with the end of its login lock (if its
// email is locked right now). Filled by the tab from UserService and AuthService.
class UsersModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Email, Name, Role, Active, LastLogin, Lock, ColumnCount };
    enum DataRole { IdRole = Qt::UserRole, SortRole };

    explicit UsersModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setUsers(QList<User> users);
    // Email (lower-case, as stored) → when its lock ends. Replaces every earlier lock.
    void setLocks(QHash<QString, QDateTime> lockedUntil);

    const User &user(int row) const { return m_users.at(row); }
    QDateTime lockedUntil(int row) const { return m_locks.value(m_users.at(row).email); }
    int rowOf(qint64 id) const;

private:
    QVariant display(const User &user, int column) const;
    QVariant sortKey(const User &user, int column) const;

    QList<User> m_users;
    QHash<QString, QDateTime> m_locks;
};

} // namespace academy::app
