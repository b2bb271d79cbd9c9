#include "table_setup.h"

#include "app_settings.h"

#include <QHeaderView>
#include <QTableView>

namespace academy::app {

void setUpTable(QTableView *view, AppSettings &settings, const QString &key, const QList<int> &widths)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    QHeaderView *header = view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    const QString settingsKey = QStringLiteral("columns/") + key;
    const QByteArray saved = settings.raw().value(settingsKey).toByteArray();
    if (saved.isEmpty() || !header->restoreState(saved)) {
        for (int section = 0; section < widths.size() && section < header->count(); ++section)
            header->resizeSection(section, widths.at(section));
    }
    const auto remember = [&settings, header, settingsKey] { settings.raw().setValue(settingsKey, header->saveState()); };
    QObject::connect(header, &QHeaderView::sectionResized, header, remember);
    QObject::connect(header, &QHeaderView::sectionMoved, header, remember);
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, header, remember);
}

} // namespace academy::app
