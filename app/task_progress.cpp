#include "task_progress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

namespace academy::app {

namespace {

constexpr int PollMs = 100;

} // namespace

TaskProgress::TaskProgress(QWidget *parent)
    : QWidget(parent), m_text(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_poll(new QTimer(this))
{
    setObjectName(QStringLiteral("taskProgress"));
    m_bar->setObjectName(QStringLiteral("progressBar"));
    m_bar->setAccessibleName(tr("Progress"));
    m_bar->setMaximumWidth(260);
    m_cancel->setObjectName(QStringLiteral("cancelTaskButton"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_poll->setInterval(PollMs);
    connect(m_poll, &QTimer::timeout, this, &TaskProgress::poll);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_counter.cancel->store(true);
        m_cancel->setEnabled(false);
        m_text->setText(tr("Cancelling…"));
    });
    hide();
}

TaskCounter TaskProgress::begin(const QString &text, qint64 total, bool cancellable)
{
    m_counter = TaskCounter();
    m_total = total;
    m_text->setText(text);
    m_bar->setRange(0,
                    total > 0 ? 1000 : 0); // per mille: a bar's int range cannot hold every count
    m_bar->setValue(0);
    m_cancel->setVisible(cancellable);
    m_cancel->setEnabled(true);
    m_poll->start();
    show();
    return m_counter;
}

void TaskProgress::end()
{
    m_poll->stop();
    hide();
}

bool TaskProgress::running() const
{
    return m_poll->isActive();
}

void TaskProgress::poll()
{
    if (m_total > 0)
        m_bar->setValue(int(std::min<qint64>(m_counter.done->load() * 1000 / m_total, 1000)));
}

} // namespace academy::app
