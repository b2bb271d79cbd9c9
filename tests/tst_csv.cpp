#include "csv.h"

#include <QTest>

using namespace academy;

Q_DECLARE_METATYPE(QList<academy::CsvRecord>)

namespace {

CsvRecord record(int line, const QStringList &cells)
{
    return CsvRecord{line, cells};
}

// Records as "line: [cell][cell]" lines, so a failing comparison prints what differs.
QStringList describe(const QList<CsvRecord> &records)
{
    QStringList lines;
    for (const CsvRecord &r : records) {
        QString text = QString::number(r.line) + QStringLiteral(": ");
        for (const QString &cell : r.cells)
            text += u'[' + cell + u']';
        lines.append(text);
    }
    return lines;
}

} // namespace

class TestCsv : public QObject
{
    Q_OBJECT

private slots:
    void parseCsvReadsRecordsWithTheirLines_data();
    void parseCsvReadsRecordsWithTheirLines();
    void parseCsvRejectsMalformedInput_data();
    void parseCsvRejectsMalformedInput();

    void csvFieldQuotesAndNeutralisesFormulas_data();
    void csvFieldQuotesAndNeutralisesFormulas();
    void csvRecordJoinsFieldsAndEndsWithCrlf_data();
    void csvRecordJoinsFieldsAndEndsWithCrlf();
    void csvRecordParsesBackToTheSameCells_data();
    void csvRecordParsesBackToTheSameCells();
};

void TestCsv::parseCsvReadsRecordsWithTheirLines_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<CsvRecord>>("expected");

    QTest::newRow("header and one row")
        << QByteArray("name,course,grade\nAnn,Math,90\n")
        << QList{record(1, {"name", "course", "grade"}), record(2, {"Ann", "Math", "90"})};
    QTest::newRow("no final line break")
        << QByteArray("a,b\nc,d") << QList{record(1, {"a", "b"}), record(2, {"c", "d"})};
    QTest::newRow("CRLF line ends")
        << QByteArray("a,b\r\nc,d\r\n") << QList{record(1, {"a", "b"}), record(2, {"c", "d"})};
    QTest::newRow("lone CR line ends")
        << QByteArray("a,b\rc,d\r") << QList{record(1, {"a", "b"}), record(2, {"c", "d"})};
    QTest::newRow("quoted comma") << QByteArray("\"Smith, John\",Math\n")
                                  << QList{record(1, {"Smith, John", "Math"})};
    QTest::newRow("doubled quotes are one quote") << QByteArray("\"He said \"\"hi\"\"\",\"\"\"\"\n")
                                                  << QList{record(1, {"He said \"hi\"", "\""})};
    QTest::newRow("embedded LF keeps the next record's line")
        << QByteArray("\"two\nlines\",x\nnext,y\n")
        << QList{record(1, {"two\nlines", "x"}), record(3, {"next", "y"})};
    QTest::newRow("embedded CRLF kept verbatim and counted once")
        << QByteArray("\"a\r\nb\r\nc\",x\r\nnext,y\r\n")
        << QList{record(1, {"a\r\nb\r\nc", "x"}), record(4, {"next", "y"})};
    QTest::newRow("UTF-8 BOM skipped")
        << QByteArray("\xEF\xBB\xBFname,course\n") << QList{record(1, {"name", "course"})};
    QTest::newRow("U+FEFF after the start is data")
        << QByteArray("a,\xEF\xBB\xBF"
                      "b\n")
        << QList{record(1, {"a", QChar(0xFEFF) + QStringLiteral("b")})};
    QTest::newRow("blank lines skipped, line numbers kept")
        << QByteArray("a\n\n\nb\r\n\r\nc\n\n")
        << QList{record(1, {"a"}), record(4, {"b"}), record(6, {"c"})};
    QTest::newRow("empty fields") << QByteArray("a,,c\n,\n")
                                  << QList{record(1, {"a", "", "c"}), record(2, {"", ""})};
    QTest::newRow("trailing comma is an empty last field")
        << QByteArray("a,b,\n") << QList{record(1, {"a", "b", ""})};
    QTest::newRow("a quoted empty field is a record, not a blank line")
        << QByteArray("\"\"\nx\n") << QList{record(1, {""}), record(2, {"x"})};
    QTest::newRow("spaces kept") << QByteArray(" a , b \n") << QList{record(1, {" a ", " b "})};
    QTest::newRow("non-ASCII text")
        << QByteArray("Zo\xC3\xAB,\xE6\x97\xA5\xE6\x9C\xAC,\xF0\x9F\x98\x80\n")
        << QList{record(1, {QString::fromUtf8("Zoë"), QString::fromUtf8("日本"),
                            QString::fromUtf8("\xF0\x9F\x98\x80")})};
    QTest::newRow("empty input") << QByteArray() << QList<CsvRecord>();
    QTest::newRow("only a BOM") << QByteArray("\xEF\xBB\xBF") << QList<CsvRecord>();
    QTest::newRow("only line breaks") << QByteArray("\n\r\n\r") << QList<CsvRecord>();
}

void TestCsv::parseCsvReadsRecordsWithTheirLines()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<CsvRecord>, expected);

    const Result<QList<CsvRecord>> result = parseCsv(input);

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(describe(result.value()), describe(expected));
}

void TestCsv::parseCsvRejectsMalformedInput_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");

    QTest::newRow("byte FF on line 2")
        << QByteArray("a,b\nc\xFF,d\ne,f\n") << "line 2: invalid UTF-8";
    QTest::newRow("invalid UTF-8 after CRLF lines")
        << QByteArray("a\r\nb\r\n\xC3(\r\n") << "line 3: invalid UTF-8";
    QTest::newRow("invalid UTF-8 after a lone CR")
        << QByteArray("a\r\xFE\r") << "line 2: invalid UTF-8";
    QTest::newRow("sequence cut off at the end")
        << QByteArray("a\nb\xC3") << "line 2: invalid UTF-8";
    QTest::newRow("overlong encoding") << QByteArray("\xC0\xAF\n") << "line 1: invalid UTF-8";
    QTest::newRow("encoded surrogate") << QByteArray("x,\xED\xA0\x80\n") << "line 1: invalid UTF-8";
    QTest::newRow("invalid UTF-8 inside a quoted field counts its lines")
        << QByteArray("\"a\nb\xFF\"\n") << "line 2: invalid UTF-8";
    QTest::newRow("unterminated quote")
        << QByteArray("a,b\n\"abc,d\n") << "line 2: unterminated quoted field";
    QTest::newRow("unterminated quote names the line it opened on")
        << QByteArray("a\nb,\"open\nmore\nstill\n") << "line 2: unterminated quoted field";
    QTest::newRow("lone opening quote at the end")
        << QByteArray("a,\"") << "line 1: unterminated quoted field";
    QTest::newRow("quote inside an unquoted field")
        << QByteArray("ab\"c,d\n") << "line 1: stray quote";
    QTest::newRow("stray quote after a multi-line record")
        << QByteArray("\"a\nb\",c\nd\"e\n") << "line 3: stray quote";
    QTest::newRow("text after a closing quote")
        << QByteArray("x\n\"ab\"c,d\n") << "line 2: stray quote";
    QTest::newRow("space before an opening quote")
        << QByteArray("a, \"b\"\n") << "line 1: stray quote";
}

void TestCsv::parseCsvRejectsMalformedInput()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, message);

    const Result<QList<CsvRecord>> result = parseCsv(input);

    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::ValidationFailed);
    QCOMPARE(result.error().message, message);
}

void TestCsv::csvFieldQuotesAndNeutralisesFormulas_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain text unchanged") << "Ann" << QByteArray("Ann");
    QTest::newRow("empty") << "" << QByteArray("");
    QTest::newRow("number unchanged") << "85.5" << QByteArray("85.5");
    QTest::newRow("= formula") << "=1+2" << QByteArray("'=1+2");
    QTest::newRow("leading minus") << "-5" << QByteArray("'-5");
    QTest::newRow("leading plus") << "+1" << QByteArray("'+1");
    QTest::newRow("leading @") << "@SUM(A1:A2)" << QByteArray("'@SUM(A1:A2)");
    QTest::newRow("leading tab") << "\t=1" << QByteArray("'\t=1");
    QTest::newRow("leading CR is neutralised, then quoted") << "\r=1" << QByteArray("\"'\r=1\"");
    QTest::newRow("= later in the text unchanged") << "a=b" << QByteArray("a=b");
    QTest::newRow("apostrophe kept as is") << "'quoted" << QByteArray("'quoted");
    QTest::newRow("comma quoted") << "Smith, John" << QByteArray("\"Smith, John\"");
    QTest::newRow("quote doubled and quoted") << "say \"hi\"" << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("comma and quote together") << "a,\"b\"" << QByteArray("\"a,\"\"b\"\"\"");
    QTest::newRow("line feed quoted") << "two\nlines" << QByteArray("\"two\nlines\"");
    QTest::newRow("formula with quotes and commas")
        << "=HYPERLINK(\"http://x\",\"y\")"
        << QByteArray("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    QTest::newRow("non-ASCII written as UTF-8")
        << QString::fromUtf8("Zoë") << QByteArray("Zo\xC3\xAB");
}

void TestCsv::csvFieldQuotesAndNeutralisesFormulas()
{
    QFETCH(QString, cell);
    QFETCH(QByteArray, expected);

    QCOMPARE(csvField(cell), expected);
}

void TestCsv::csvRecordJoinsFieldsAndEndsWithCrlf_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << QStringList{"Ann", "Math", "90"} << QByteArray("Ann,Math,90\r\n");
    QTest::newRow("quoted and neutralised fields")
        << QStringList{"x,y", "=1"} << QByteArray("\"x,y\",'=1\r\n");
    QTest::newRow("empty fields") << QStringList{"", ""} << QByteArray(",\r\n");
    QTest::newRow("a lone empty field is quoted") << QStringList{""} << QByteArray("\"\"\r\n");
}

void TestCsv::csvRecordJoinsFieldsAndEndsWithCrlf()
{
    QFETCH(QStringList, cells);
    QFETCH(QByteArray, expected);

    QCOMPARE(csvRecord(cells), expected);
}

void TestCsv::csvRecordParsesBackToTheSameCells_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("lineBreaks");

    QTest::newRow("plain") << QStringList{"Ann", "Math", "90"} << QStringList{"Ann", "Math", "90"}
                           << 0;
    QTest::newRow("commas and quotes") << QStringList{"Smith, John", "say \"hi\"", "\""}
                                       << QStringList{"Smith, John", "say \"hi\"", "\""} << 0;
    QTest::newRow("line breaks inside fields")
        << QStringList{"a\nb", "c\r\nd\re"} << QStringList{"a\nb", "c\r\nd\re"} << 3;
    QTest::newRow("empty fields") << QStringList{"", "x", ""} << QStringList{"", "x", ""} << 0;
    QTest::newRow("a lone empty field") << QStringList{""} << QStringList{""} << 0;
    QTest::newRow("non-ASCII") << QStringList{QString::fromUtf8("Zoë"), QString::fromUtf8("日本")}
                               << QStringList{QString::fromUtf8("Zoë"), QString::fromUtf8("日本")}
                               << 0;
    QTest::newRow("formulas come back neutralised")
        << QStringList{"=1+2", "-5", "ok"} << QStringList{"'=1+2", "'-5", "ok"} << 0;
}

// The record sits between a header and a trailer, so the trailer's line number shows that
// line breaks written inside fields are counted on the way back in.
void TestCsv::csvRecordParsesBackToTheSameCells()
{
    QFETCH(QStringList, cells);
    QFETCH(QStringList, expected);
    QFETCH(int, lineBreaks);

    const QByteArray csv = csvRecord({"name", "course"}) + csvRecord(cells) + csvRecord({"end"});

    const Result<QList<CsvRecord>> result = parseCsv(csv);

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(describe(result.value()), describe({record(1, {"name", "course"}), record(2, expected),
                                                 record(3 + lineBreaks, {"end"})}));
}

QTEST_APPLESS_MAIN(TestCsv)
#include "tst_csv.moc"
