#pragma once

// What the Students tab's GUI tests share: writing students through the service as another
// desktop would, and finding the tab's widgets and dialogs by object name.
#include "app_fixture.h"
#include "checks.h"
#include "student_service.h"
#include "student_table_model.h"
#include "students_tab.h"

#include <QAbstractButton>
#include <QApplication>
#include <QJsonObject>
#include <QTableView>
#include <QtTest>

namespace academy::test {

inline QJsonObject studentBody(const QString &name, const QString &course, double grade)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("course"), course},
            {QStringLiteral("grade"), grade}};
}

// Creates through the service (failing the test when it cannot); id 0 on failure.
inline Student addStudent(app::AppContext &context, const QString &name, const QString &course,
                          double grade)
{
    Result<CreatedStudent> created =
        context.students().create(context.actor(), studentBody(name, course, grade));
    if (!created) {
        QTest::qFail(qPrintable(created.error().message), __FILE__, __LINE__);
        return {};
    }
    return created->student;
}

// The row showing `name`, or -1 (reads every row: for small tables only).
inline int rowOfName(const app::StudentTableModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, app::StudentTableModel::NameColumn).data().toString() == name)
            return row;
    }
    return -1;
}

inline QStringList namesShown(const app::StudentTableModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, app::StudentTableModel::NameColumn).data().toString());
    return names;
}

// The visible child of `parent` with that object name, or nullptr.
template <typename T> T *visibleChild(QObject *parent, const QString &objectName)
{
    T *child = parent->findChild<T *>(objectName);
    return child && child->isVisible() ? child : nullptr;
}

inline void clickButton(QObject *parent, const QString &objectName)
{
    auto *button = parent->findChild<QAbstractButton *>(objectName);
    QVERIFY2(button, qPrintable(objectName));
    QVERIFY2(button->isEnabled(), qPrintable(objectName + QStringLiteral(" is disabled")));
    button->click();
}

} // namespace academy::test
