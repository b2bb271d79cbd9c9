#pragma once

#include "request_log_entry.h"
#include "user.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QTableView;

namespace academy::app {

class AppContext;
class Pager;
class RequestLogFilters;
class RequestLogModel;

// The request log: filters, a page read through LogService, and a live tail that puts the
// monitor's new requests on top as they finish (only those the filters let through).
class RequestLogView final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int PageSize = 100;
    static constexpr int LiveTailCap = 1000; // rows kept while tailing a busy server

    explicit RequestLogView(AppContext &context, QWidget *parent = nullptr);

    RequestLogModel *model() const { return m_model; }
    RequestLogFilters *filters() const { return m_filters; }
    void setUsers(const QList<User> &users);

public Q_SLOTS:
    void reload();

private:
    void loadPage(qint64 offset);
    void setLiveTail(bool on);
    void tail(const QList<academy::RequestLogEntry> &entries);
    void showPageState();

    AppContext &m_context;
    RequestLogModel *m_model;
    RequestLogFilters *m_filters;
    QTableView *m_view;
    Pager *m_pager;
    QCheckBox *m_liveTail;
    QLabel *m_error;
    qint64 m_total = 0;
    int m_tailed = 0;
};

} // namespace academy::app
