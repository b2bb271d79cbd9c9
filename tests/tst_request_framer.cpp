// The connection guard's framer on its own: however the bytes of a connection are cut into
// reads, it finds the same heads, bodies and refusals.
#include "request_framer.h"

#include <QTest>

using namespace academy;
using namespace academy::http;

namespace {

struct Framed
{
    QList<RequestHead> heads;
    std::optional<Refusal> refusal;
};

// Feeds `bytes` in pieces of `piece` bytes (0: all at once).
Framed frame(const QByteArray &bytes, qsizetype piece, RequestFramer::Limits limits = {})
{
    RequestFramer framer(limits);
    Framed framed;
    const qsizetype step = piece > 0 ? piece : qMax<qsizetype>(1, bytes.size());
    for (qsizetype at = 0; at < bytes.size() && !framed.refusal; at += step)
        framed.refusal = framer.feed(QByteArrayView(bytes).sliced(at, qMin(step, bytes.size() - at)), framed.heads);
    return framed;
}

QList<QByteArray> targets(const Framed &framed)
{
    QList<QByteArray> out;
    for (const RequestHead &head : framed.heads)
        out.append(head.method + ' ' + head.target);
    return out;
}

const QList<qsizetype> pieceSizes{0, 1, 2, 3, 7, 64};

} // namespace

class TestRequestFramer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headsAreFoundWhateverTheReads_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("one GET") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n") << QList<QByteArray>{"GET /"};
        QTest::newRow("bare LF lines") << QByteArray("GET /x HTTP/1.1\nHost: a\n\n") << QList<QByteArray>{"GET /x"};
        QTest::newRow("LF then CRLF") << QByteArray("GET /y HTTP/1.1\r\nHost: a\n\r\n") << QList<QByteArray>{"GET /y"};
        QTest::newRow("empty lines first") << QByteArray("\r\n\r\nGET /z HTTP/1.1\r\nHost: a\r\n\r\n")
                                           << QList<QByteArray>{"GET /z"};
        QTest::newRow("pipelined, bodies between")
            << QByteArray("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                          "GET /b HTTP/1.1\r\nHost: a\r\n\r\n"
                          "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "3\r\nabc\r\n0\r\n\r\n"
                          "GET /d HTTP/1.1\r\nHost: a\r\n\r\n")
            << QList<QByteArray>{"POST /a", "GET /b", "POST /c", "GET /d"};
        QTest::newRow("a body that looks like a head")
            << QByteArray("POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 29\r\n\r\nGET /no HTTP/1.1\r\nHost: a\r\n\r\n"
                          "GET /f HTTP/1.1\r\nHost: a\r\n\r\n")
            << QList<QByteArray>{"POST /e", "GET /f"};
        QTest::newRow("an unfinished head is not a head") << QByteArray("GET /g HTTP/1.1\r\nHost: a\r\n")
                                                          << QList<QByteArray>{};
    }

    void headsAreFoundWhateverTheReads()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QList<QByteArray>, expected);
        for (const qsizetype piece : pieceSizes) {
            const Framed framed = frame(bytes, piece);
            QVERIFY2(!framed.refusal, qPrintable(QStringLiteral("piece %1: %2").arg(piece).arg(framed.refusal->message)));
            QCOMPARE(targets(framed), expected);
        }
    }

    void headFieldsAreRead()
    {
        const Framed framed = frame("PUT /s/1?x=%20 HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n"
                                    "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n{}", 0);
        QVERIFY(!framed.refusal);
        QCOMPARE(framed.heads.size(), 1);
        const RequestHead &head = framed.heads.first();
        QCOMPARE(head.method, QByteArray("PUT"));
        QCOMPARE(head.target, QByteArray("/s/1?x=%20"));
        QCOMPARE(head.minorVersion, 0);
        QVERIFY(head.keepAlive);
        QVERIFY(head.expectContinue);
        QCOMPARE(head.contentLength, qint64(2));
        QVERIFY(!head.chunked);
    }

    // Header names, and the values the framer acts on, in any letter case (RFC 9110 5.1).
    void headerNamesAndValuesAnyCase()
    {
        const Framed framed = frame("POST /c HTTP/1.1\r\nhOsT: a\r\nCONNECTION: Close\r\n"
                                    "EXPECT: 100-Continue\r\nTRANSFER-ENCODING: Chunked\r\n\r\n"
                                    "2\r\nhi\r\n0\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n", 0);
        QVERIFY(!framed.refusal);
        QCOMPARE(framed.heads.size(), 2); // the chunked body was framed, the next head found
        const RequestHead &head = framed.heads.first();
        QVERIFY(!head.keepAlive);
        QVERIFY(head.expectContinue);
        QVERIFY(head.chunked);
        QCOMPARE(framed.heads.last().target, QByteArray("/next"));
    }

    // MAX_HEADERS counts the request line, the header lines and the blank line.
    void headAtTheLimitIsTakenOneMoreByteIsNot()
    {
        const QByteArray start = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ";
        const QByteArray end = "\r\n\r\n";
        const qint64 limit = 200;
        const QByteArray atLimit = start + QByteArray(limit - start.size() - end.size(), 'p') + end;
        QCOMPARE(atLimit.size(), limit);
        for (const qsizetype piece : pieceSizes) {
            const Framed ok = frame(atLimit, piece, {limit, 1024});
            QVERIFY2(!ok.refusal, qPrintable(QString::number(piece)));
            QCOMPARE(ok.heads.size(), 1);
            const Framed over = frame(start + 'p' + atLimit.mid(start.size()), piece, {limit, 1024});
            QVERIFY2(over.refusal, qPrintable(QString::number(piece)));
            QCOMPARE(over.refusal->status, 431);
            QVERIFY(over.heads.isEmpty());
        }
    }

    void endlessHeadIsRefusedAtTheLimit()
    {
        const Framed framed = frame("GET / HTTP/1.1\r\nX: " + QByteArray(5000, 'a'), 100, {1000, 1024});
        QVERIFY(framed.refusal);
        QCOMPARE(framed.refusal->status, 431);
    }

    void bodiesOverTheLimitAreRefusedFromTheHead()
    {
        const Framed length = frame("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1025\r\n\r\n", 0, {1000, 1024});
        QVERIFY(length.refusal);
        QCOMPARE(length.refusal->status, 413);
        const QByteArray chunks = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  "200\r\n" + QByteArray(512, 'x') + "\r\n201\r\n";
        for (const qsizetype piece : pieceSizes) {
            const Framed chunked = frame(chunks, piece, {1000, 1024});
            QVERIFY2(chunked.refusal, qPrintable(QString::number(piece)));
            QCOMPARE(chunked.refusal->status, 413);
        }
    }

    void malformedHeadsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::newRow("no Host in 1.1") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("bad percent") << QByteArray("GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << 505;
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nBroken\r\n\r\n") << 400;
        QTest::newRow("folded") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n") << 400;
        QTest::newRow("length and chunked")
            << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n") << 400;
        QTest::newRow("two lengths") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n")
                                     << 400;
        QTest::newRow("two Hosts, cases differ") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHOST: b\r\n\r\n") << 400;
        QTest::newRow("length and chunked, cases differ")
            << QByteArray("POST / HTTP/1.1\r\nHost: a\r\ncontent-LENGTH: 3\r\nTransfer-Encoding: CHUNKED\r\n\r\n") << 400;
        QTest::newRow("gzip coding") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
    }

    void malformedHeadsAreRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        for (const qsizetype piece : pieceSizes) {
            const Framed framed = frame(bytes, piece);
            QVERIFY2(framed.refusal, qPrintable(QString::number(piece)));
            QCOMPARE(framed.refusal->status, status);
        }
    }
};

QTEST_GUILESS_MAIN(TestRequestFramer)
#include "tst_request_framer.moc"
