#pragma once

#include "error.h"
#include "student.h"

#include <QDialog>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace academy::app {

class AppContext;

// Add or edit one student. The form only copies what the user typed into the service's
// JSON body and shows what the service answers: each field's validation message beside the
// field (the typed text stays), and on edit a clear "someone else changed it" when the
// version loaded is no longer current, never an overwrite.
class StudentDialog final : public QDialog
{
    Q_OBJECT

public:
    // A new student.
    explicit StudentDialog(AppContext &context, QWidget *parent = nullptr);
    // Edits the stored student `id` (read now: its version is the one the save expects).
    StudentDialog(AppContext &context, qint64 id, QWidget *parent = nullptr);

    std::optional<qint64> studentId() const { return m_id; }

Q_SIGNALS:
    void saved(const academy::Student &student);

private:
    void buildForm();
    void load(const Student &student);
    void reload();
    void save();
    Result<Student> write();
    QJsonObject body() const;
    void showError(const Error &error);
    void showFieldErrors(const QList<FieldError> &details);
    void showMessage(const QString &text, bool offerReload = false);
    void clearMessages();
    void setCourseChoices();

    AppContext &m_context;
    std::optional<qint64> m_id;
    int m_version = 0;
    QLineEdit *m_name;
    QLineEdit *m_course;
    QLineEdit *m_grade;
    QLabel *m_nameError;
    QLabel *m_courseError;
    QLabel *m_gradeError;
    QLabel *m_message;
    QPushButton *m_reload;
    QPushButton *m_save;
};

} // namespace academy::app
