#include "server_tab.h"

#include "app_context.h"

namespace academy::app {

ServerTab::ServerTab(AppContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("serverTab"));
}

void ServerTab::refresh() {}

} // namespace academy::app
