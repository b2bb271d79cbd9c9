#pragma once

#include <QHostAddress>
#include <QList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace academy::app {

class AppContext;
class ServerSettingsForm;

// The bundled server: running or stopped (with start, stop, restart), the addresses LAN
// clients can use, the HTTPS certificate's fingerprint for them to pin, a warning when
// plain HTTP is open to the network, and the listening settings for the next start.
class ServerTab final : public QWidget
{
    Q_OBJECT

public:
    explicit ServerTab(AppContext &context, QWidget *parent = nullptr);

    // The addresses of this machine a client on the network can reach a listener bound to
    // `bound` on: none for a loopback address, every non-loopback address of the running
    // interfaces for a wildcard (only IPv4 ones for 0.0.0.0), else `bound` itself.
    static QList<QHostAddress> reachableAddresses(const QHostAddress &bound);

public Q_SLOTS:
    // F5: reload what the tab shows.
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildStateBox();
    QWidget *buildUrlsBox();
    QWidget *buildCertificateBox();
    void startServer();
    void stopServer();
    void restartServer();
    void runServerAction(const QString &busyText, bool stop, bool start);
    void showState();
    void showUrls();
    void showCertificate();
    void copyFingerprint();

    AppContext &m_context;
    QLabel *m_state = nullptr;
    QLabel *m_stateDetail = nullptr;
    QLabel *m_actionError = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_restart = nullptr;
    QLabel *m_lanHttpWarning = nullptr;
    QListWidget *m_urls = nullptr;
    QLabel *m_urlsNote = nullptr;
    QLabel *m_fingerprint = nullptr;
    QLabel *m_certificatePath = nullptr;
    QPushButton *m_copyFingerprint = nullptr;
    ServerSettingsForm *m_settingsForm = nullptr;
};

} // namespace academy::app
