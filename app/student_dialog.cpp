#include "student_dialog.h"

#include "app_context.h"
#include "student_service.h"

#include <QCompleter>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace academy::app {

namespace {

QLabel *errorLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    label->setWordWrap(true);
    label->hide();
    return label;
}

QLineEdit *field(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    return edit;
}

QString gradeText(double grade)
{
    return QLocale().toString(grade, 'g', QLocale::FloatingPointShortest);
}

// The grade as typed: a number when it reads as one (C or the user's locale), otherwise the
// text itself, so the service's validation (not this form) answers what is wrong with it.
QJsonValue gradeValue(const QString &typed)
{
    const QString text = typed.trimmed();
    bool ok = false;
    double number = QLocale::c().toDouble(text, &ok);
    if (!ok)
        number = QLocale().toDouble(text, &ok);
    return ok ? QJsonValue(number) : QJsonValue(typed);
}

} // namespace

StudentDialog::StudentDialog(AppContext &context, QWidget *parent)
    : QDialog(parent), m_context(context),
      m_name(field(QStringLiteral("nameEdit"), tr("Name"), this)),
      m_course(field(QStringLiteral("courseEdit"), tr("Course"), this)),
      m_grade(field(QStringLiteral("gradeEdit"), tr("Grade"), this)),
      m_nameError(errorLabel(QStringLiteral("nameError"), this)),
      m_courseError(errorLabel(QStringLiteral("courseError"), this)),
      m_gradeError(errorLabel(QStringLiteral("gradeError"), this)), m_message(new QLabel(this)),
      m_reload(new QPushButton(tr("&Reload"), this)), m_save(nullptr)
{
    setObjectName(QStringLiteral("studentDialog"));
    setWindowTitle(tr("New student"));
    m_grade->setPlaceholderText(QStringLiteral("0"));
    buildForm();
    setCourseChoices();
}

StudentDialog::StudentDialog(AppContext &context, qint64 id, QWidget *parent)
    : StudentDialog(context, parent)
{
    m_id = id;
    setWindowTitle(tr("Edit student"));
    Result<Student> student = m_context.students().get(id);
    if (!student) {
        showError(student.error());
        return;
    }
    load(student.value());
}

void StudentDialog::buildForm()
{
    auto *layout = new QVBoxLayout(this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->hide();
    m_reload->setObjectName(QStringLiteral("reloadButton"));
    m_reload->hide();
    connect(m_reload, &QPushButton::clicked, this, &StudentDialog::reload);
    auto *messageRow = new QHBoxLayout;
    messageRow->addWidget(m_message, 1);
    messageRow->addWidget(m_reload, 0, Qt::AlignTop);
    layout->addLayout(messageRow);

    auto *grid = new QGridLayout;
    const QList<std::tuple<QString, QLineEdit *, QLabel *>> rows{
        {tr("&Name:"), m_name, m_nameError},
        {tr("&Course:"), m_course, m_courseError},
        {tr("&Grade:"), m_grade, m_gradeError}};
    for (int row = 0; row < rows.size(); ++row) {
        const auto &[text, edit, error] = rows.at(row);
        auto *label = new QLabel(text, this);
        label->setBuddy(edit);
        grid->addWidget(label, row, 0);
        grid->addWidget(edit, row, 1);
        grid->addWidget(error, row, 2); // beside its field, where the eye already is
        edit->setMinimumWidth(260);
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnMinimumWidth(2, 220);
    layout->addLayout(grid);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setDefault(true);
    connect(m_save, &QPushButton::clicked, this, &StudentDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void StudentDialog::setCourseChoices()
{
    Result<QStringList> courses = m_context.students().courses();
    if (!courses)
        return; // completion is a convenience; saving reports a real database problem
    auto *completer = new QCompleter(courses.value(), m_course);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_course->setCompleter(completer);
}

void StudentDialog::load(const Student &student)
{
    m_version = student.version;
    m_name->setText(student.name);
    m_course->setText(student.course);
    m_grade->setText(gradeText(student.grade));
    m_grade->setPlaceholderText(gradeText(student.grade)); // left empty, the grade stays
}

void StudentDialog::reload()
{
    clearMessages();
    Result<Student> student = m_context.students().get(*m_id);
    if (!student) {
        showError(student.error());
        return;
    }
    load(student.value());
    showMessage(tr("These are the current values (version %1). Make your changes again, then save.")
                    .arg(m_version));
}

QJsonObject StudentDialog::body() const
{
    QJsonObject body{{QStringLiteral("name"), m_name->text()},
                     {QStringLiteral("course"), m_course->text()}};
    if (!m_grade->text().trimmed().isEmpty())
        body.insert(QStringLiteral("grade"), gradeValue(m_grade->text()));
    return body;
}

Result<Student> StudentDialog::write()
{
    StudentService &students = m_context.students();
    if (m_id)
        return students.replace(m_context.actor(), *m_id, body(), m_version);
    Result<CreatedStudent> created = students.create(m_context.actor(), body());
    if (!created)
        return created.error();
    return created->student;
}

void StudentDialog::save()
{
    clearMessages();
    Result<Student> written = write();
    if (!written) {
        showError(written.error());
        return;
    }
    Q_EMIT saved(written.value());
    accept();
}

void StudentDialog::showError(const Error &error)
{
    switch (error.code) {
    case ErrorCode::ValidationFailed:
        showFieldErrors(error.details);
        break;
    case ErrorCode::PreconditionFailed:
        showMessage(
            tr("Someone else changed this student while you were editing it. Your changes were NOT "
               "saved, so theirs are not lost. Reload to see the current values, then make your "
               "changes again."),
            true);
        break;
    case ErrorCode::NotFound:
        showMessage(tr("This student no longer exists: someone deleted it. Nothing was saved."));
        m_save->setEnabled(false);
        break;
    default:
        showMessage(tr("The student was not saved: %1").arg(error.message));
        break;
    }
}

void StudentDialog::showFieldErrors(const QList<FieldError> &details)
{
    const QList<std::tuple<QString, QLineEdit *, QLabel *>> fields{
        {QStringLiteral("name"), m_name, m_nameError},
        {QStringLiteral("course"), m_course, m_courseError},
        {QStringLiteral("grade"), m_grade, m_gradeError}};
    QLineEdit *first = nullptr;
    QStringList others;
    for (const FieldError &detail : details) {
        const auto it = std::find_if(fields.begin(), fields.end(), [&](const auto &entry) {
            return std::get<0>(entry) == detail.field;
        });
        if (it == fields.end()) {
            others.append(detail.field + QStringLiteral(": ") + detail.message);
            continue;
        }
        const auto &[name, edit, label] = *it;
        label->setText(detail.message);
        label->show();
        edit->setAccessibleDescription(detail.message);
        if (!first)
            first = edit;
    }
    showMessage(others.isEmpty() ? tr("Not saved: please correct the fields marked in red.")
                                 : tr("Not saved: %1").arg(others.join(QStringLiteral("; "))));
    if (first)
        first->setFocus(Qt::OtherFocusReason);
}

void StudentDialog::showMessage(const QString &text, bool offerReload)
{
    m_message->setText(text);
    m_message->show();
    m_reload->setVisible(offerReload);
}

void StudentDialog::clearMessages()
{
    for (QLabel *label : {m_nameError, m_courseError, m_gradeError}) {
        label->clear();
        label->hide();
    }
    for (QLineEdit *edit : {m_name, m_course, m_grade})
        edit->setAccessibleDescription(QString());
    m_message->hide();
    m_reload->hide();
}

} // namespace academy::app
