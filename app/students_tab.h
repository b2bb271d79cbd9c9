#pragma once

#include <QWidget>

namespace academy::app {

class AppContext;

class StudentsTab final : public QWidget
{
    Q_OBJECT

public:
    explicit StudentsTab(AppContext &context, QWidget *parent = nullptr);

public Q_SLOTS:
    // F5: reload what the tab shows.
    void refresh();

private:
    AppContext &m_context;
};

} // namespace academy::app
