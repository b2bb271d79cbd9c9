#pragma once

#include <QDateTime>
#include <QWidget>

#include <optional>

class QComboBox;
class QDateTimeEdit;

namespace academy::app {

// "Any time", a recent window (last 15 minutes … 7 days, counted back from when the query
// runs) or a custom since/until range.
class TimeRangeFilter final : public QWidget
{
    Q_OBJECT

public:
    explicit TimeRangeFilter(QWidget *parent = nullptr);

    std::optional<QDateTime> since() const;
    std::optional<QDateTime> until() const;

    QComboBox *rangeCombo() const { return m_range; }
    QDateTimeEdit *sinceEdit() const { return m_since; }
    QDateTimeEdit *untilEdit() const { return m_until; }

Q_SIGNALS:
    void changed();

private:
    void rangeChosen();

    QComboBox *m_range;
    QDateTimeEdit *m_since;
    QDateTimeEdit *m_until;
};

} // namespace academy::app
