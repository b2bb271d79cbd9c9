#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace academy::app {

// "‹ Newer  101–200 of 1,234  Older ›" under a paged table. Logs are newest first, so
// "newer" is the previous page.
class Pager final : public QWidget
{
    Q_OBJECT

public:
    // `name`: the prefix of the child object names ("requestLog" → requestLogNextButton …).
    Pager(const QString &name, int pageSize, QWidget *parent = nullptr);

    int pageSize() const { return m_pageSize; }
    qint64 offset() const { return m_offset; }
    // What the view shows now: `shown` rows from `offset`, of `total` matching.
    void setPage(qint64 offset, qint64 shown, qint64 total, const QString &note = {});

Q_SIGNALS:
    void pageRequested(qint64 offset);

private:
    int m_pageSize;
    qint64 m_offset = 0;
    qint64 m_total = 0;
    QPushButton *m_previous;
    QPushButton *m_next;
    QLabel *m_label;
};

} // namespace academy::app
