#pragma once

#include "request_log_entry.h"

#include <QAbstractTableModel>
#include <QList>

namespace academy::app {

// The newest finished requests, newest first, as the Monitoring tab's live table shows
// them. Bounded: a busy server must not grow the app's memory, so older rows fall off.
class LiveRequestsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Method,
        Path,
        Status,
        Duration,
        Address,
        UserId,
        ColumnCount
    };

    static constexpr int DefaultCapacity = 200;

    explicit LiveRequestsModel(int capacity = DefaultCapacity, QObject *parent = nullptr);

    // `entries` oldest first, as the monitor delivers them.
    void addEntries(const QList<RequestLogEntry> &entries);
    const RequestLogEntry &entry(int row) const { return m_rows.at(row); }
    int capacity() const { return m_capacity; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const RequestLogEntry &entry, int column) const;

    const int m_capacity;
    QList<RequestLogEntry> m_rows; // newest first
};

} // namespace academy::app
