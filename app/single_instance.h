#pragma once

#include <QLocalServer>
#include <QObject>

namespace academy::app {

// One running app per user: a second launch asks the first to show itself, then exits.
class SingleInstance final : public QObject
{
    Q_OBJECT

public:
    explicit SingleInstance(const QString &name, QObject *parent = nullptr);

    // True when another instance answered (and was asked to show itself).
    bool notifyRunningInstance();
    // Starts listening for later launches.
    void listen();

Q_SIGNALS:
    void activationRequested();

private:
    QString m_name;
    QLocalServer m_server;
};

} // namespace academy::app
