#pragma once

#include "student_query.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QTimer;

namespace academy::app {

// The students table's filter: search text (name or course, as you type), an exact course
// and a grade range. Edits settle for a moment before changed() fires, so typing a word
// runs one query, not one per key.
class StudentFilterBar final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int DebounceMs = 250;

    explicit StudentFilterBar(QWidget *parent = nullptr);

    // The filter part of a StudentQuery (search, course, minGrade, maxGrade).
    StudentQuery filter() const;
    // The courses offered in the course box; what the user typed stays.
    void setCourses(const QStringList &courses);
    void focusSearch();

Q_SIGNALS:
    void changed();

private:
    void buildLayout();

    QLineEdit *m_search;
    QComboBox *m_course;
    QDoubleSpinBox *m_minGrade;
    QDoubleSpinBox *m_maxGrade;
    QTimer *m_settle;
};

} // namespace academy::app
