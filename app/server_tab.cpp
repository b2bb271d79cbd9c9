#include "server_tab.h"

#include "app_context.h"
#include "http_server.h"
#include "server_settings_form.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QNetworkInterface>
#include <QPushButton>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace academy::app {

namespace {

QString urlFor(const QString &scheme, const QHostAddress &address, quint16 port)
{
    QUrl url;
    url.setScheme(scheme);
    url.setHost(address.toString()); // QUrl adds the brackets an IPv6 address needs
    url.setPort(port);
    return url.toString();
}

bool isWildcard(const QHostAddress &address)
{
    return address == QHostAddress(QHostAddress::Any) ||
           address == QHostAddress(QHostAddress::AnyIPv4) ||
           address == QHostAddress(QHostAddress::AnyIPv6);
}

QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

} // namespace

QList<QHostAddress> ServerTab::reachableAddresses(const QHostAddress &bound)
{
    if (bound.isLoopback())
        return {};
    if (!isWildcard(bound))
        return {bound};
    const bool ipv4Only = bound == QHostAddress(QHostAddress::AnyIPv4);
    QList<QHostAddress> addresses;
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) ||
            !flags.testFlag(QNetworkInterface::IsRunning) ||
            flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            const QHostAddress ip = entry.ip();
            // A link-local IPv6 address needs the client's own interface name: useless to share.
            if (ip.isLoopback() || ip.isLinkLocal() ||
                (ipv4Only && ip.protocol() != QAbstractSocket::IPv4Protocol))
                continue;
            addresses.append(ip);
        }
    }
    return addresses;
}

ServerTab::ServerTab(AppContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("serverTab"));
    auto *left = new QVBoxLayout;
    left->addWidget(buildStateBox());
    left->addWidget(buildUrlsBox());
    left->addWidget(buildCertificateBox());
    left->addStretch(1);
    m_settingsForm = new ServerSettingsForm(context, this);
    auto *right = new QVBoxLayout;
    right->addWidget(m_settingsForm);
    right->addStretch(1);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 3);
    layout->addLayout(right, 2);
    refresh();
}

QWidget *ServerTab::buildStateBox()
{
    auto *box = new QGroupBox(tr("Bundled server"), this);
    m_state = new QLabel(box);
    m_state->setObjectName(QStringLiteral("serverStateLabel"));
    m_state->setAccessibleName(tr("Server state"));
    m_stateDetail = wrappedLabel(QString(), box);
    m_stateDetail->setObjectName(QStringLiteral("serverDetailLabel"));
    m_stateDetail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_start = new QPushButton(tr("S&tart"), box);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_stop = new QPushButton(tr("St&op"), box);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_restart = new QPushButton(tr("R&estart"), box);
    m_restart->setObjectName(QStringLiteral("restartButton"));
    m_restart->setToolTip(
        tr("Stops and starts listening again, with the settings the app started with"));
    connect(m_start, &QPushButton::clicked, this, &ServerTab::startServer);
    connect(m_stop, &QPushButton::clicked, this, &ServerTab::stopServer);
    connect(m_restart, &QPushButton::clicked, this, &ServerTab::restartServer);
    m_actionError = wrappedLabel(QString(), box);
    m_actionError->setObjectName(QStringLiteral("serverErrorLabel"));
    m_actionError->setStyleSheet(QStringLiteral("color: #b00020"));
    m_actionError->hide();
    m_lanHttpWarning = wrappedLabel(QString(), box);
    m_lanHttpWarning->setObjectName(QStringLiteral("lanHttpWarning"));
    m_lanHttpWarning->setStyleSheet(
        QStringLiteral("QLabel { background: #fff4e5; color: #6b3a00; border: 1px solid #e0a040;"
                       " border-radius: 3px; padding: 6px; }"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_state);
    row->addStretch(1);
    row->addWidget(m_start);
    row->addWidget(m_stop);
    row->addWidget(m_restart);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(row);
    layout->addWidget(m_stateDetail);
    layout->addWidget(m_actionError);
    layout->addWidget(m_lanHttpWarning);
    return box;
}

QWidget *ServerTab::buildUrlsBox()
{
    auto *box = new QGroupBox(tr("Addresses for clients"), this);
    m_urls = new QListWidget(box);
    m_urls->setObjectName(QStringLiteral("urlsList"));
    m_urls->setAccessibleName(tr("Addresses for clients"));
    m_urls->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_urls->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // A few addresses at most: a tall empty box would push the certificate out of sight.
    m_urls->setMaximumHeight(m_urls->fontMetrics().height() * 8);
    m_urlsNote = wrappedLabel(QString(), box);
    m_urlsNote->setObjectName(QStringLiteral("urlsNote"));
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_urls);
    layout->addWidget(m_urlsNote);
    return box;
}

QWidget *ServerTab::buildCertificateBox()
{
    auto *box = new QGroupBox(tr("HTTPS certificate"), this);
    m_fingerprint = wrappedLabel(QString(), box);
    m_fingerprint->setObjectName(QStringLiteral("fingerprintLabel"));
    m_fingerprint->setAccessibleName(tr("Certificate SHA-256 fingerprint"));
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse |
                                           Qt::TextSelectableByKeyboard);
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copyFingerprint = new QPushButton(tr("&Copy"), box);
    m_copyFingerprint->setObjectName(QStringLiteral("copyFingerprintButton"));
    m_copyFingerprint->setAccessibleName(tr("Copy the fingerprint"));
    connect(m_copyFingerprint, &QPushButton::clicked, this, &ServerTab::copyFingerprint);
    m_certificatePath = wrappedLabel(QString(), box);
    m_certificatePath->setObjectName(QStringLiteral("certificatePathLabel"));
    m_certificatePath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("SHA-256:"), box));
    row->addWidget(m_fingerprint, 1);
    row->addWidget(m_copyFingerprint, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(row);
    layout->addWidget(m_certificatePath);
    return box;
}

void ServerTab::refresh()
{
    showState();
    showUrls();
    showCertificate();
}

void ServerTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh(); // interfaces come and go (Wi-Fi, VPN) while the tab is not looked at
}

void ServerTab::startServer()
{
    runServerAction(tr("Starting…"), false, true);
}

void ServerTab::stopServer()
{
    runServerAction(tr("Stopping: letting requests in flight finish…"), true, false);
}

void ServerTab::restartServer()
{
    runServerAction(tr("Restarting…"), true, true);
}

// Start and stop act on the server's own threads and return once they listen or have
// drained (stop waits at most a few seconds for requests in flight), so they run here,
// with a busy cursor, rather than racing the server object from another thread.
void ServerTab::runServerAction(const QString &busyText, bool stop, bool start)
{
    m_state->setText(busyText);
    m_actionError->hide();
    for (QPushButton *button : {m_start, m_stop, m_restart})
        button->setEnabled(false);
    QApplication::setOverrideCursor(Qt::BusyCursor);
    http::HttpServer &server = m_context.server();
    if (stop)
        server.stop(3000);
    Status started;
    if (start)
        started = server.start();
    QApplication::restoreOverrideCursor();
    if (!started) {
        m_actionError->setText(tr("The server did not start: %1").arg(started.error().message));
        m_actionError->show();
    }
    refresh();
}

void ServerTab::showState()
{
    http::HttpServer &server = m_context.server();
    const Config &config = m_context.config();
    const bool running = server.isRunning();
    m_state->setText(running ? tr("Running") : tr("Stopped"));
    m_state->setStyleSheet(running
                               ? QStringLiteral("QLabel { color: #1b5e20; font-weight: bold; }")
                               : QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    QString detail;
    if (running) {
        detail = tr("Plain HTTP on %1 port %2.").arg(config.host.toString()).arg(server.httpPort());
        detail +=
            QLatin1Char(' ') +
            (server.httpsPort()
                 ? tr("HTTPS on %1 port %2.").arg(config.tlsHost.toString()).arg(server.httpsPort())
                 : tr("HTTPS is off (TLS_PORT is 0)."));
    } else {
        detail = tr("Not listening: clients on this computer and on the network cannot connect.");
    }
    m_stateDetail->setText(detail);
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    m_restart->setEnabled(running);
    const bool httpOnLan = !config.host.isLoopback();
    m_lanHttpWarning->setText(
        tr("Plain HTTP is open to the network: HOST is %1, so anyone on the local network can "
           "reach port %2 unencrypted, and passwords and tokens cross it readable by others. "
           "That is right only behind a reverse proxy (such as nginx) on this computer; "
           "otherwise set the HTTP address to 127.0.0.1 and let LAN clients use HTTPS.")
            .arg(config.host.toString())
            .arg(running ? server.httpPort() : config.port));
    m_lanHttpWarning->setVisible(httpOnLan);
}

void ServerTab::showUrls()
{
    m_urls->clear();
    http::HttpServer &server = m_context.server();
    const Config &config = m_context.config();
    m_urls->setEnabled(server.isRunning());
    if (!server.isRunning()) {
        m_urlsNote->setText(
            tr("The server is stopped: no client can connect until it is started."));
        return;
    }
    auto add = [this](const QString &url, const QString &what) {
        auto *item = new QListWidgetItem(url, m_urls);
        item->setToolTip(what);
    };
    const QList<QHostAddress> lanTls =
        server.httpsPort() ? reachableAddresses(config.tlsHost) : QList<QHostAddress>();
    for (const QHostAddress &address : lanTls)
        add(urlFor(QStringLiteral("https"), address, server.httpsPort()),
            tr("For LAN clients: encrypted"));
    const QHostAddress local =
        isWildcard(config.host) ? QHostAddress(QHostAddress::LocalHost) : config.host;
    add(urlFor(QStringLiteral("http"), local, server.httpPort()),
        tr("Plain HTTP on this computer"));
    if (isWildcard(config.host)) {
        for (const QHostAddress &address : reachableAddresses(config.host))
            add(urlFor(QStringLiteral("http"), address, server.httpPort()),
                tr("Plain HTTP on the network: unencrypted"));
    }
    if (!server.httpsPort())
        m_urlsNote->setText(
            tr("HTTPS is off (TLS_PORT is 0), so LAN clients have no encrypted address."));
    else if (config.tlsHost.isLoopback())
        m_urlsNote->setText(
            tr("LAN access is off: HTTPS listens on %1 only. To let LAN clients connect, set the "
               "HTTPS address to 0.0.0.0 in the settings and start Academy Admin again.")
                .arg(config.tlsHost.toString()));
    else if (lanTls.isEmpty())
        m_urlsNote->setText(
            tr("This computer has no network address right now, so LAN clients cannot reach it."));
    else if (config.host.isLoopback())
        m_urlsNote->setText(
            tr("LAN clients use an https address and can pin the certificate fingerprint below. "
               "The http address is for programs on this computer."));
    else
        m_urlsNote->setText(
            tr("LAN clients should use an https address and can pin the certificate fingerprint "
               "below. The http addresses are unencrypted (see the warning above)."));
}

void ServerTab::showCertificate()
{
    http::HttpServer &server = m_context.server();
    const QString fingerprint = server.certificateFingerprint();
    const bool httpsOff = m_context.config().tlsPort == 0;
    const bool known = !fingerprint.isEmpty() && !httpsOff;
    if (known)
        m_fingerprint->setText(fingerprint);
    else
        m_fingerprint->setText(
            httpsOff ? tr("None: HTTPS is off (TLS_PORT is 0).")
                     : tr("Not known yet: the certificate is loaded when the server starts."));
    m_copyFingerprint->setEnabled(known);
    m_certificatePath->setText(known ? tr("Certificate file: %1").arg(server.certificatePath())
                                     : QString());
    m_certificatePath->setVisible(known);
}

void ServerTab::copyFingerprint()
{
    QGuiApplication::clipboard()->setText(m_context.server().certificateFingerprint());
    m_copyFingerprint->setText(tr("Copied"));
    QTimer::singleShot(2000, m_copyFingerprint,
                       [button = m_copyFingerprint] { button->setText(tr("&Copy")); });
}

} // namespace academy::app
