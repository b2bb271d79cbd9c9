#pragma once

#include "error.h"

class QWidget;

namespace academy::app {

// A readable error dialog: the service's message (never a raw SQL or Qt text; those stay in
// the log) with the failing fields beneath it (readableError). Window-modal and non-blocking,
// so a test can find it (objectName "errorBox") instead of hanging in exec().
void showErrorBox(QWidget *parent, const QString &title, Error error);

} // namespace academy::app
