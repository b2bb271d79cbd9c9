#pragma once

#include "error.h"

class QWidget;

namespace academy::app {

// A readable error dialog: the service's message (never a raw SQL or Qt text; those stay in
// the log) and, under it, each field detail. Window-modal and non-blocking, so a test can
// find it (objectName "errorBox") instead of hanging in exec().
void showErrorBox(QWidget *parent, const QString &title, const Error &error);

// "Line 3, grade: must be a number from 0 to 100": one detail in words.
QString describeFieldError(const FieldError &detail);

} // namespace academy::app
