#pragma once

#include <QList>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

class QThread;

namespace academy {
class Database;
}

namespace academy::app {

// Runs slow work (imports, exports, bulk deletes) off the GUI thread, each job on a thread
// of its own that closes its database connection when done (QtSql connections belong to one
// thread); the result comes back on the owner's thread. Destroying the owner waits for
// running jobs (cancel long ones first), so no job outlives the Database it uses.
class BackgroundJobs final : public QObject
{
public:
    BackgroundJobs(Database &database, QObject *parent);
    ~BackgroundJobs() override;
    Q_DISABLE_COPY_MOVE(BackgroundJobs)

    // `work` runs on the job's thread and must not touch widgets; `done` gets its result
    // on this object's thread, unless this object is gone by then.
    template <typename Work, typename Done> void run(Work work, Done done)
    {
        using T = std::invoke_result_t<Work>;
        auto result = std::make_shared<std::optional<T>>();
        start([work = std::move(work), result] { result->emplace(work()); },
              [done = std::move(done), result] { done(std::move(**result)); });
    }

    bool busy() const { return !m_threads.isEmpty(); }

private:
    void start(std::function<void()> work, std::function<void()> done);

    Database &m_database;
    QList<QThread *> m_threads;
};

} // namespace academy::app
