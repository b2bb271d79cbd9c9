#include "student_filter_bar.h"

#include <QComboBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>

namespace academy::app {

namespace {

QDoubleSpinBox *gradeSpin(const QString &objectName, double value, QWidget *parent)
{
    auto *spin = new QDoubleSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(0, 100);
    spin->setDecimals(1);
    spin->setValue(value);
    spin->setKeyboardTracking(false); // "85" does not filter by "8" on the way
    return spin;
}

} // namespace

StudentFilterBar::StudentFilterBar(QWidget *parent)
    : QWidget(parent), m_search(new QLineEdit(this)), m_course(new QComboBox(this)),
      m_minGrade(gradeSpin(QStringLiteral("minGradeSpin"), 0, this)),
      m_maxGrade(gradeSpin(QStringLiteral("maxGradeSpin"), 100, this)), m_settle(new QTimer(this))
{
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setPlaceholderText(tr("Search name or course (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search students by name or course"));
    m_course->setObjectName(QStringLiteral("courseFilter"));
    m_course->setEditable(true);
    m_course->setInsertPolicy(QComboBox::NoInsert);
    m_course->lineEdit()->setPlaceholderText(tr("All courses"));
    m_course->lineEdit()->setClearButtonEnabled(true);
    m_course->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_course->setMinimumContentsLength(18);
    m_course->setAccessibleName(tr("Course filter"));
    m_minGrade->setAccessibleName(tr("Lowest grade"));
    m_maxGrade->setAccessibleName(tr("Highest grade"));
    m_settle->setSingleShot(true);
    m_settle->setInterval(DebounceMs);
    buildLayout();

    auto settle = [this] { m_settle->start(); };
    connect(m_search, &QLineEdit::textChanged, this, settle);
    connect(m_course, &QComboBox::editTextChanged, this, settle);
    // The two ends of the range cannot cross, so the range is never empty by mistake.
    connect(m_minGrade, &QDoubleSpinBox::valueChanged, this, [this, settle](double value) {
        m_maxGrade->setMinimum(value);
        settle();
    });
    connect(m_maxGrade, &QDoubleSpinBox::valueChanged, this, [this, settle](double value) {
        m_minGrade->setMaximum(value);
        settle();
    });
    connect(m_settle, &QTimer::timeout, this, &StudentFilterBar::changed);
}

void StudentFilterBar::buildLayout()
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 3);
    auto *courseLabel = new QLabel(tr("&Course:"), this);
    courseLabel->setBuddy(m_course);
    layout->addWidget(courseLabel);
    layout->addWidget(m_course, 2);
    auto *gradeLabel = new QLabel(tr("&Grade from"), this);
    gradeLabel->setBuddy(m_minGrade);
    layout->addWidget(gradeLabel);
    layout->addWidget(m_minGrade);
    auto *toLabel = new QLabel(tr("to"), this);
    toLabel->setBuddy(m_maxGrade);
    layout->addWidget(toLabel);
    layout->addWidget(m_maxGrade);
}

StudentQuery StudentFilterBar::filter() const
{
    StudentQuery query;
    query.search = m_search->text().trimmed();
    const QString course = m_course->currentText().trimmed();
    if (!course.isEmpty())
        query.course = course;
    // The full range filters nothing; leaving it out keeps the query plain.
    if (m_minGrade->value() > 0)
        query.minGrade = m_minGrade->value();
    if (m_maxGrade->value() < 100)
        query.maxGrade = m_maxGrade->value();
    return query;
}

void StudentFilterBar::setCourses(const QStringList &courses)
{
    QStringList items{QString()}; // the empty choice: all courses
    items += courses;
    QStringList current;
    for (int i = 0; i < m_course->count(); ++i)
        current.append(m_course->itemText(i));
    if (items == current || m_course->hasFocus())
        return; // never pull the text from under the user's cursor
    const QString typed = m_course->currentText();
    QSignalBlocker blocker(m_course); // refilling is not a filter change
    m_course->clear();
    m_course->addItems(items);
    m_course->setEditText(typed);
}

void StudentFilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

} // namespace academy::app
