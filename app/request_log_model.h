#pragma once

#include "request_log_entry.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

namespace academy::app {

// Request log rows, newest first: a page read through LogService, plus (live tail) the
// requests the monitor reports as they finish, capped so a busy server cannot grow it
// without bound.
class RequestLogModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Method, Path, Status, Duration, Address, User, ColumnCount };

    explicit RequestLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEntries(QList<RequestLogEntry> newestFirst);
    // Puts `newestFirst` on top, skipping requests already shown (a page read from the
    // database may hold some of the monitor's latest), then drops the oldest rows beyond
    // `cap`. Returns how many were added.
    int prepend(const QList<RequestLogEntry> &newestFirst, int cap);
    // User id → email, for the User column.
    void setUserNames(QHash<qint64, QString> names);

    const RequestLogEntry &entry(int row) const { return m_entries.at(row); }

private:
    QVariant display(const RequestLogEntry &entry, int column) const;

    QList<RequestLogEntry> m_entries;
    QSet<QByteArray> m_requestIds;
    QHash<qint64, QString> m_userNames;
};

// The User column's text: the email when known, else "#id"; empty for anonymous requests.
QString userLabel(const QHash<qint64, QString> &names, const std::optional<qint64> &userId);

} // namespace academy::app
