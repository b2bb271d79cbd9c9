#pragma once

#include <QWidget>
#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace academy::app {

// How far a background task is and how to stop it, shared with its worker thread: the worker
// counts and reads the flag; it never touches a widget.
struct TaskCounter
{
    std::shared_ptr<std::atomic<qint64>> done = std::make_shared<std::atomic<qint64>>(0);
    std::shared_ptr<std::atomic_bool> cancel = std::make_shared<std::atomic_bool>(false);
};

// A tab's progress row: text, a bar fed by polling the worker's counter (a busy bar when the
// total is unknown) and a Cancel button. Hidden while nothing runs.
class TaskProgress final : public QWidget
{
    Q_OBJECT

public:
    explicit TaskProgress(QWidget *parent = nullptr);

    // Shows the row; `total` 0 means unknown; `cancellable` shows the Cancel button.
    TaskCounter begin(const QString &text, qint64 total, bool cancellable);
    void end();
    bool running() const;

private:
    void poll();

    QLabel *m_text;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
    QTimer *m_poll;
    TaskCounter m_counter;
    qint64 m_total = 0;
};

} // namespace academy::app
