#include "json_text.h"

#include <QLocale>

#include <algorithm>

namespace academy {

namespace {

char *writeEscapedUnit(char *at, char16_t unit)
{
    static const char hex[] = "0123456789abcdef";
    *at++ = '\\';
    *at++ = 'u';
    *at++ = hex[(unit >> 12) & 0xf];
    *at++ = hex[(unit >> 8) & 0xf];
    *at++ = hex[(unit >> 4) & 0xf];
    *at++ = hex[unit & 0xf];
    return at;
}

char *writeUtf8(char *at, char32_t code)
{
    if (code < 0x800) {
        *at++ = char(0xc0 | (code >> 6));
    } else if (code < 0x10000) {
        *at++ = char(0xe0 | (code >> 12));
        *at++ = char(0x80 | ((code >> 6) & 0x3f));
    } else {
        *at++ = char(0xf0 | (code >> 18));
        *at++ = char(0x80 | ((code >> 12) & 0x3f));
        *at++ = char(0x80 | ((code >> 6) & 0x3f));
    }
    *at++ = char(0x80 | (code & 0x3f));
    return at;
}

} // namespace

// Walks UTF-16 directly (no UTF-8 copy first) and escapes exactly as QJsonDocument does:
// the short forms \" \\ \b \f \n \r \t, \u00XX for other controls, and \uXXXX for a lone
// surrogate, which UTF-8 cannot carry. Writes into room reserved up front (a unit takes at
// most six bytes) rather than appending byte by byte: a page of 50 students writes 300 strings.
void appendJsonString(QByteArray &out, QStringView text)
{
    const qsizetype start = out.size();
    out.resize(start + 2 + 6 * text.size());
    char *at = out.data() + start;
    *at++ = '"';
    const char16_t *units = text.utf16();
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = units[i];
        if (unit >= 0x20 && unit < 0x80) {
            if (unit == '"' || unit == '\\')
                *at++ = '\\';
            *at++ = char(unit);
            continue;
        }
        const char *shortForm = nullptr;
        switch (unit) {
        case '\b': shortForm = "\\b"; break;
        case '\f': shortForm = "\\f"; break;
        case '\n': shortForm = "\\n"; break;
        case '\r': shortForm = "\\r"; break;
        case '\t': shortForm = "\\t"; break;
        default: break;
        }
        if (shortForm) {
            *at++ = shortForm[0];
            *at++ = shortForm[1];
        } else if (unit < 0x20) {
            at = writeEscapedUnit(at, unit);
        } else if (QChar::isHighSurrogate(unit) && i + 1 < size && QChar::isLowSurrogate(units[i + 1])) {
            at = writeUtf8(at, QChar::surrogateToUcs4(unit, units[i + 1]));
            ++i;
        } else if (QChar::isSurrogate(unit)) {
            at = writeEscapedUnit(at, unit);
        } else {
            at = writeUtf8(at, unit);
        }
    }
    *at++ = '"';
    out.truncate(at - out.constData());
}

void appendJsonString(QByteArray &out, QByteArrayView latin1)
{
    const bool plain = std::all_of(latin1.begin(), latin1.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
    });
    if (!plain) {
        appendJsonString(out, QString::fromLatin1(latin1));
        return;
    }
    out += '"';
    out += latin1;
    out += '"';
}

namespace {

// Days since 1970-01-01 to a proleptic Gregorian date (the "days from civil" inverse, in eras
// of 400 years so leap rules fall out of the arithmetic).
void civilFromDays(qint64 days, int &year, int &month, int &day)
{
    days += 719468; // to 0000-03-01, the start of an era
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthFromMarch = (5 * dayOfYear + 2) / 153;
    day = int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
    month = int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
    year = int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
}

void appendDigits(char *at, int value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        at[i] = char('0' + value % 10);
}

} // namespace

bool appendIsoTimestamp(QByteArray &out, qint64 msecsSinceEpoch)
{
    constexpr qint64 MsPerDay = 86400000;
    const qint64 days = msecsSinceEpoch >= 0 ? msecsSinceEpoch / MsPerDay : (msecsSinceEpoch - MsPerDay + 1) / MsPerDay;
    const qint64 msOfDay = msecsSinceEpoch - days * MsPerDay;
    int year = 0, month = 0, day = 0;
    civilFromDays(days, year, month, day);
    if (year < 0 || year > 9999)
        return false;
    char text[] = "0000-00-00T00:00:00.000Z";
    appendDigits(text, year, 4);
    appendDigits(text + 5, month, 2);
    appendDigits(text + 8, day, 2);
    appendDigits(text + 11, int(msOfDay / 3600000), 2);
    appendDigits(text + 14, int(msOfDay / 60000 % 60), 2);
    appendDigits(text + 17, int(msOfDay / 1000 % 60), 2);
    appendDigits(text + 20, int(msOfDay % 1000), 3);
    out.append(text, sizeof text - 1);
    return true;
}

void appendJsonTimestamp(QByteArray &out, const QDateTime &time)
{
    if (time.isValid()) {
        out += '"';
        if (appendIsoTimestamp(out, time.toMSecsSinceEpoch())) {
            out += '"';
            return;
        }
        out.chop(1);
        appendJsonString(out, time.toUTC().toString(Qt::ISODateWithMs));
        return;
    }
    out += "\"\"";
}

void appendJsonNumber(QByteArray &out, double value)
{
    out += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace academy
