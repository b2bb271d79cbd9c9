#pragma once

#include "audit_repository.h"

#include <QAbstractTableModel>
#include <QHash>

namespace academy::app {

// A page of the audit trail, newest first: who changed what, and from where.
class AuditModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, User, Action, Entity, EntityId, Address, ColumnCount };

    explicit AuditModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEntries(QList<AuditEntry> newestFirst);
    // User id → email, for the User column.
    void setUserNames(QHash<qint64, QString> names);
    const QHash<qint64, QString> &userNames() const { return m_userNames; }

    const AuditEntry &entry(int row) const { return m_entries.at(row); }

private:
    QList<AuditEntry> m_entries;
    QHash<qint64, QString> m_userNames;
};

} // namespace academy::app
