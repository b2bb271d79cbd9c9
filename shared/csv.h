#pragma once

#include "error.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace academy {

struct CsvRecord
{
    int line = 0; // 1-based line where the record starts in the input
    QStringList cells;
};

// RFC 4180 reader: comma separated, fields optionally in double quotes with "" as an escaped
// quote, quoted fields may hold commas and line breaks, CRLF, LF or lone CR line ends, a leading
// UTF-8 BOM is skipped, blank lines are skipped. Input must be UTF-8. Errors (invalid UTF-8,
// unterminated quote, a quote inside an unquoted field) carry the line in the message.
Result<QList<CsvRecord>> parseCsv(const QByteArray &utf8);

// One CSV field for export: quoted when it holds a comma, quote, CR or LF. A cell that a
// spreadsheet would run as a formula (first character = + - @, or tab / CR) is neutralised
// by a leading apostrophe, so exported data never executes in Excel or LibreOffice.
QByteArray csvField(const QString &cell);
// A whole record: fields joined by commas, ended by CRLF (RFC 4180).
QByteArray csvRecord(const QStringList &cells);

// The reverse of the neutralisation, for importing our own exports: a leading apostrophe
// followed by = + - @ TAB or CR is removed.
QString withoutFormulaGuard(const QString &cell);

} // namespace academy
