#include "slow_routes_model.h"

#include <QLocale>

namespace academy::app {

SlowRoutesModel::SlowRoutesModel(QObject *parent) : QAbstractTableModel(parent) {}

void SlowRoutesModel::setRoutes(const QList<http::RouteLatency> &routes)
{
    // Once a second: when only the numbers move, update in place so the view keeps its
    // scroll position and selection; a reset only when rows come or go.
    if (routes.size() == m_routes.size()) {
        m_routes = routes;
        if (!m_routes.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_routes.size() - 1), ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_routes = routes;
    endResetModel();
}

int SlowRoutesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_routes.size());
}

int SlowRoutesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SlowRoutesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const http::RouteLatency &route = m_routes.at(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() == Route ? QVariant()
                                       : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case Route:
        return route.route;
    case Requests:
        return QVariant::fromValue(route.requests);
    case P50:
        return locale.toString(route.p50Ms, 'f', 1);
    case P95:
        return locale.toString(route.p95Ms, 'f', 1);
    case P99:
        return locale.toString(route.p99Ms, 'f', 1);
    default:
        return {};
    }
}

QVariant SlowRoutesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Route:
        return tr("Route");
    case Requests:
        return tr("Requests");
    case P50:
        return tr("p50 (ms)");
    case P95:
        return tr("p95 (ms)");
    case P99:
        return tr("p99 (ms)");
    default:
        return {};
    }
}

} // namespace academy::app
