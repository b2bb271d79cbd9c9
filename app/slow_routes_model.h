#pragma once

#include "monitor.h"

#include <QAbstractTableModel>
#include <QList>

namespace academy::app {

// The routes of the last minute, slowest p99 first, as the monitor summarizes them.
class SlowRoutesModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Route,
        Requests,
        P50,
        P95,
        P99,
        ColumnCount
    };

    explicit SlowRoutesModel(QObject *parent = nullptr);

    void setRoutes(const QList<http::RouteLatency> &routes);
    const http::RouteLatency &route(int row) const { return m_routes.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<http::RouteLatency> m_routes;
};

} // namespace academy::app
