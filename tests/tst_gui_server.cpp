// The Server tab on the real widgets, acting on the real bundled server.
#include "api_client.h"
#include "app_fixture.h"
#include "config.h"
#include "http_server.h"
#include "server_tab.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkInterface>
#include <QPushButton>
#include <QTcpSocket>
#include <QtTest>

using namespace academy;
using namespace academy::test;

namespace {

std::unique_ptr<AppFixture> fixtureWithHttps()
{
    const PortReservation tls;
    return AppFixture::create({QStringLiteral("--tls-port"), QString::number(tls.port())});
}

QStringList listedUrls(const app::ServerTab &tab)
{
    QStringList urls;
    const auto *list = tab.findChild<QListWidget *>(QStringLiteral("urlsList"));
    for (int i = 0; list && i < list->count(); ++i)
        urls.append(list->item(i)->text());
    return urls;
}

bool refusesConnections(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return !socket.waitForConnected(3000) &&
           socket.error() == QAbstractSocket::ConnectionRefusedError;
}

QString configProblem(const QString &variable, const QString &value)
{
    const Result<Config> config = Config::load({{}, {}, {{variable, value}}});
    return config ? QString() : config.error().details.value(0).message;
}

} // namespace

class TestGuiServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheCertificateFingerprint();
    void copyButtonPutsTheFingerprintOnTheClipboard();
    void saysSoWhenHttpsIsOff();
    void listsAnHttpsUrlForEachNetworkAddress();
    void stopAndStartChangeStateAndPort();
    void restartKeepsServing();
    void warnsWhenPlainHttpIsOpenToTheLan();
    void noWarningForLoopbackHttp();
    void badPortShowsConfigMessageAndCannotBeSaved();
    void validSettingsAreSavedForTheNextStart();
};

void TestGuiServer::showsTheCertificateFingerprint()
{
    auto fixture = fixtureWithHttps();
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());
    const QString fingerprint = fixture->context().server().certificateFingerprint();
    QVERIFY(!fingerprint.isEmpty());

    const auto *label = tab.findChild<QLabel *>(QStringLiteral("fingerprintLabel"));
    QVERIFY(label);
    QCOMPARE(label->text(), fingerprint);
}

void TestGuiServer::copyButtonPutsTheFingerprintOnTheClipboard()
{
    auto fixture = fixtureWithHttps();
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());
    auto *copy = tab.findChild<QPushButton *>(QStringLiteral("copyFingerprintButton"));
    QVERIFY(copy && copy->isEnabled());

    QTest::mouseClick(copy, Qt::LeftButton);

    QCOMPARE(QGuiApplication::clipboard()->text(),
             fixture->context().server().certificateFingerprint());
}

void TestGuiServer::saysSoWhenHttpsIsOff()
{
    auto fixture = AppFixture::create(); // --tls-port 0
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());

    QVERIFY(tab.findChild<QLabel *>(QStringLiteral("fingerprintLabel"))
                ->text()
                .contains(QLatin1String("HTTPS is off")));
    QVERIFY(!tab.findChild<QPushButton *>(QStringLiteral("copyFingerprintButton"))->isEnabled());
}

void TestGuiServer::listsAnHttpsUrlForEachNetworkAddress()
{
    auto fixture = fixtureWithHttps();
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());
    const http::HttpServer &server = fixture->context().server();

    const QStringList urls = listedUrls(tab);

    QVERIFY2(urls.contains(QStringLiteral("http://127.0.0.1:%1").arg(server.httpPort())),
             qPrintable(urls.join(u' ')));
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses) {
        if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        const QString expected =
            QStringLiteral("https://%1:%2").arg(address.toString()).arg(server.httpsPort());
        QVERIFY2(urls.contains(expected),
                 qPrintable(expected + QStringLiteral(" not in ") + urls.join(u' ')));
    }
    for (const QString &url : urls)
        QVERIFY2(!url.contains(QLatin1String("127.0.0.1")) ||
                     url.startsWith(QLatin1String("http:")),
                 qPrintable(url));
}

void TestGuiServer::stopAndStartChangeStateAndPort()
{
    auto fixture = AppFixture::create();
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());
    auto *state = tab.findChild<QLabel *>(QStringLiteral("serverStateLabel"));
    auto *stop = tab.findChild<QPushButton *>(QStringLiteral("stopButton"));
    auto *start = tab.findChild<QPushButton *>(QStringLiteral("startButton"));
    QVERIFY(state && stop && start);
    QCOMPARE(state->text(), QStringLiteral("Running"));
    const quint16 port = fixture->port();

    QTest::mouseClick(stop, Qt::LeftButton);
    QCOMPARE(state->text(), QStringLiteral("Stopped"));
    QVERIFY(refusesConnections(port));
    QVERIFY(start->isEnabled() && !stop->isEnabled());

    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(state->text(), QStringLiteral("Running"));
    QCOMPARE(ApiClient(fixture->port()).get("/health").status, 200);
}

void TestGuiServer::restartKeepsServing()
{
    auto fixture = AppFixture::create();
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());
    auto *restart = tab.findChild<QPushButton *>(QStringLiteral("restartButton"));
    QVERIFY(restart);

    QTest::mouseClick(restart, Qt::LeftButton);

    QCOMPARE(tab.findChild<QLabel *>(QStringLiteral("serverStateLabel"))->text(),
             QStringLiteral("Running"));
    QCOMPARE(ApiClient(fixture->port()).get("/health").status, 200);
}

void TestGuiServer::warnsWhenPlainHttpIsOpenToTheLan()
{
    auto fixture = AppFixture::create({QStringLiteral("--host"), QStringLiteral("0.0.0.0")});
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());

    const auto *warning = tab.findChild<QLabel *>(QStringLiteral("lanHttpWarning"));
    QVERIFY(warning);
    QVERIFY(warning->isVisibleTo(&tab));
    QVERIFY(warning->text().contains(QLatin1String("0.0.0.0")));
}

void TestGuiServer::noWarningForLoopbackHttp()
{
    auto fixture = AppFixture::create({QStringLiteral("--host"), QStringLiteral("127.0.0.1")});
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());

    const auto *warning = tab.findChild<QLabel *>(QStringLiteral("lanHttpWarning"));
    QVERIFY(warning);
    QVERIFY(!warning->isVisibleTo(&tab));
}

void TestGuiServer::badPortShowsConfigMessageAndCannotBeSaved()
{
    auto fixture = AppFixture::create();
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());
    auto *port = tab.findChild<QLineEdit *>(QStringLiteral("portEdit"));
    auto *save = tab.findChild<QPushButton *>(QStringLiteral("saveSettingsButton"));
    QVERIFY(port && save);

    port->setText(QStringLiteral("70000"));

    const auto *message = tab.findChild<QLabel *>(QStringLiteral("portMessage"));
    QVERIFY(message && message->isVisibleTo(&tab));
    QCOMPARE(message->text(), configProblem(QStringLiteral("PORT"), QStringLiteral("70000")));
    QVERIFY(!save->isEnabled());
    QCOMPARE(fixture->context().settings().value(QStringLiteral("PORT")), QString());
}

void TestGuiServer::validSettingsAreSavedForTheNextStart()
{
    auto fixture = AppFixture::create();
    QVERIFY(fixture);
    app::ServerTab tab(fixture->context());
    auto *save = tab.findChild<QPushButton *>(QStringLiteral("saveSettingsButton"));
    QVERIFY(save);

    tab.findChild<QLineEdit *>(QStringLiteral("portEdit"))->setText(QStringLiteral("3100"));
    tab.findChild<QLineEdit *>(QStringLiteral("corsOriginsEdit"))
        ->setText(QStringLiteral("http://localhost:5173"));
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);

    app::AppSettings &settings = fixture->context().settings();
    QCOMPARE(settings.value(QStringLiteral("PORT")), QStringLiteral("3100"));
    QCOMPARE(settings.value(QStringLiteral("CORS_ORIGINS")),
             QStringLiteral("http://localhost:5173"));
    QVERIFY(tab.findChild<QLabel *>(QStringLiteral("settingsStatusLabel"))
                ->text()
                .contains(QLatin1String("next time")));
}

QTEST_MAIN(TestGuiServer)
#include "tst_gui_server.moc"
