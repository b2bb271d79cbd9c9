#include "students_tab.h"

#include "app_context.h"

namespace academy::app {

StudentsTab::StudentsTab(AppContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("studentsTab"));
}

void StudentsTab::refresh() {}

} // namespace academy::app
