#pragma once

#include <QList>
#include <QString>

class QTableView;

namespace academy::app {

class AppSettings;

// The look the app's tables share (whole-row selection, no grid noise) and their column
// widths, remembered under `key` across runs (`widths` until the user changes them). Call
// after the view has its model.
void setUpTable(QTableView *view, AppSettings &settings, const QString &key, const QList<int> &widths);

} // namespace academy::app
