#pragma once

#include "database.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

namespace academy::app {

// Runs `work` (something slow, such as a service call that hashes a password) on the global
// thread pool, then `done(result)` on the GUI thread — unless `receiver` is gone by then.
// The pool thread's database connection is closed afterwards: pool threads expire on their
// own, and a QtSql connection must not outlive its thread.
template <typename Work, typename Done>
void runInBackground(QObject *receiver, Database &database, Work work, Done done)
{
    QPointer<QObject> guard(receiver);
    QThreadPool::globalInstance()->start([guard, &database, work, done] {
        auto result = work();
        database.releaseThisThread();
        QMetaObject::invokeMethod(
            qApp,
            [guard, done, result] {
                if (guard)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace academy::app
