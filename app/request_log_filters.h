#pragma once

#include "request_log_entry.h"
#include "request_log_repository.h"
#include "user.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLineEdit;

namespace academy::app {

class TimeRangeFilter;
class UserFilterCombo;

// The request log's filter row: status class, method, path text, user and time range.
class RequestLogFilters final : public QWidget
{
    Q_OBJECT

public:
    explicit RequestLogFilters(QWidget *parent = nullptr);

    // The filters as a LogService query (first page; the caller sets limit and offset).
    RequestLogQuery query() const;
    void setUsers(const QList<User> &users);
    QLineEdit *pathEdit() const { return m_path; }

Q_SIGNALS:
    void changed();

private:
    QComboBox *m_status;
    QComboBox *m_method;
    QLineEdit *m_path;
    UserFilterCombo *m_user;
    TimeRangeFilter *m_time;
    QTimer m_typing; // the path box filters once typing pauses, not on every key
};

// Whether a request the monitor just reported belongs in a view filtered by `query` — the
// live tail's counterpart of the repository's WHERE clause, for rows that are not read back.
bool requestMatches(const RequestLogQuery &query, const RequestLogEntry &entry);

} // namespace academy::app
