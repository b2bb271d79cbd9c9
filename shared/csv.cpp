#include "csv.h"

#include <QStringDecoder>
#include <optional>

namespace academy {

namespace {

const QByteArray kUtf8Bom = QByteArrayLiteral("\xEF\xBB\xBF");

Error csvError(int line, const QString &what)
{
    Error error = Error::validation({});
    error.message = QStringLiteral("line %1: %2").arg(line).arg(what);
    return error;
}

// Stateless, so a sequence cut off at the end of the input is an error rather than bytes
// quietly held back for a next chunk that never comes; the BOM was already stripped, so a
// later U+FEFF stays data.
bool decodeStrict(QByteArrayView bytes, QString *text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless |
                                                     QStringDecoder::Flag::ConvertInitialBom);
    QString decoded = decoder.decode(bytes);
    if (text)
        *text = std::move(decoded);
    return !decoder.hasError();
}

// Only called once the whole input failed to decode. CR and LF bytes never occur inside a
// UTF-8 sequence, so decoding line by line pins the first bad line exactly; lines are counted
// as the reader counts them (CRLF, LF or a lone CR).
int firstInvalidLine(QByteArrayView bytes)
{
    int line = 1;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= bytes.size(); ++i) {
        const bool end = i == bytes.size();
        if (!end && bytes[i] != '\n' && bytes[i] != '\r')
            continue;
        if (!decodeStrict(bytes.sliced(start, i - start), nullptr))
            return line;
        if (!end && bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n')
            ++i;
        ++line;
        start = i + 1;
    }
    return line;
}

Result<QString> decodeUtf8(const QByteArray &utf8)
{
    const QByteArrayView bytes = utf8.startsWith(kUtf8Bom)
                                     ? QByteArrayView(utf8).sliced(kUtf8Bom.size())
                                     : QByteArrayView(utf8);
    QString text;
    if (!decodeStrict(bytes, &text))
        return csvError(firstInvalidLine(bytes), QStringLiteral("invalid UTF-8"));
    return text;
}

// A small state machine over the decoded text. m_line counts line breaks consumed so far,
// including those inside quoted fields, so every record and error knows its source line.
class CsvReader
{
public:
    explicit CsvReader(const QString &text) : m_text(text) {}

    Result<QList<CsvRecord>> readAll();

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return m_text.at(m_pos); }
    bool atLineBreak() const { return !atEnd() && (peek() == u'\n' || peek() == u'\r'); }
    QString takeLineBreak();

    std::optional<Error> readRecord(QStringList &cells);
    std::optional<Error> readField(QString &cell);
    std::optional<Error> readQuoted(QString &cell);
    std::optional<Error> readUnquoted(QString &cell);

    QString m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
};

// CRLF, LF and a lone CR each end one line; returns the break as it was written, so a
// quoted field keeps its line breaks verbatim.
QString CsvReader::takeLineBreak()
{
    ++m_line;
    if (peek() == u'\r' && m_pos + 1 < m_text.size() && m_text.at(m_pos + 1) == u'\n') {
        m_pos += 2;
        return QStringLiteral("\r\n");
    }
    return QString(m_text.at(m_pos++));
}

Result<QList<CsvRecord>> CsvReader::readAll()
{
    QList<CsvRecord> records;
    while (!atEnd()) {
        if (atLineBreak()) {
            takeLineBreak();
            continue;
        }
        CsvRecord record;
        record.line = m_line;
        if (const auto error = readRecord(record.cells))
            return *error;
        records.append(std::move(record));
    }
    return records;
}

std::optional<Error> CsvReader::readRecord(QStringList &cells)
{
    for (;;) {
        QString cell;
        if (const auto error = readField(cell))
            return error;
        cells.append(std::move(cell));
        if (atEnd())
            return std::nullopt;
        if (atLineBreak()) {
            takeLineBreak();
            return std::nullopt;
        }
        ++m_pos; // the comma: a field ends only at a comma, a line break or the end
    }
}

std::optional<Error> CsvReader::readField(QString &cell)
{
    if (!atEnd() && peek() == u'"')
        return readQuoted(cell);
    return readUnquoted(cell);
}

std::optional<Error> CsvReader::readUnquoted(QString &cell)
{
    const qsizetype start = m_pos;
    while (!atEnd() && peek() != u',' && !atLineBreak()) {
        if (peek() == u'"')
            return csvError(m_line, QStringLiteral("stray quote"));
        ++m_pos;
    }
    cell = m_text.mid(start, m_pos - start);
    return std::nullopt;
}

std::optional<Error> CsvReader::readQuoted(QString &cell)
{
    const int startLine = m_line;
    ++m_pos; // the opening quote
    for (;;) {
        if (atEnd())
            return csvError(startLine, QStringLiteral("unterminated quoted field"));
        if (atLineBreak()) {
            cell += takeLineBreak();
            continue;
        }
        const QChar c = m_text.at(m_pos++);
        if (c != u'"') {
            cell += c;
        } else if (!atEnd() && peek() == u'"') {
            cell += c;
            ++m_pos;
        } else {
            break;
        }
    }
    // Text after the closing quote (`"ab"c`) makes that quote one in the middle of a field.
    if (!atEnd() && peek() != u',' && !atLineBreak())
        return csvError(m_line, QStringLiteral("stray quote"));
    return std::nullopt;
}

// The characters that make Excel or LibreOffice read a cell as a formula (or, for TAB and
// CR, that they strip before looking for one).
bool startsLikeFormula(const QString &cell)
{
    if (cell.isEmpty())
        return false;
    const QChar first = cell.front();
    return first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' ||
           first == u'\r';
}

bool needsQuotes(const QString &cell)
{
    return cell.contains(u',') || cell.contains(u'"') || cell.contains(u'\r') ||
           cell.contains(u'\n');
}

} // namespace

Result<QList<CsvRecord>> parseCsv(const QByteArray &utf8)
{
    const Result<QString> text = decodeUtf8(utf8);
    if (!text)
        return text.error();
    return CsvReader(text.value()).readAll();
}

QByteArray csvField(const QString &cell)
{
    QString field = cell;
    if (startsLikeFormula(field))
        field.prepend(u'\'');
    if (needsQuotes(field)) {
        field.replace(u'"', QStringLiteral("\"\""));
        field = u'"' + field + u'"';
    }
    return field.toUtf8();
}

QByteArray csvRecord(const QStringList &cells)
{
    // A lone empty field would be a blank line, which a reader skips: quote it to keep it.
    if (cells.size() == 1 && cells.front().isEmpty())
        return QByteArrayLiteral("\"\"\r\n");
    QByteArray record;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            record += ',';
        record += csvField(cells.at(i));
    }
    record += "\r\n";
    return record;
}

QString withoutFormulaGuard(const QString &cell)
{
    static const QString triggers = QStringLiteral("=+-@\t\r");
    if (cell.size() >= 2 && cell.at(0) == QLatin1Char('\'') && triggers.contains(cell.at(1)))
        return cell.mid(1);
    return cell;
}

} // namespace academy
