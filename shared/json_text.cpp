#include "json_text.h"

#include "student.h" // formatTimestamp

#include <QLocale>

#include <algorithm>

namespace academy {

namespace {

void appendEscapedUnit(QByteArray &out, char16_t unit)
{
    static const char hex[] = "0123456789abcdef";
    const char escaped[] = {'\\', 'u', hex[(unit >> 12) & 0xf], hex[(unit >> 8) & 0xf], hex[(unit >> 4) & 0xf],
                            hex[unit & 0xf]};
    out.append(escaped, sizeof escaped);
}

void appendUtf8(QByteArray &out, char32_t code)
{
    if (code < 0x800) {
        out += char(0xc0 | (code >> 6));
    } else if (code < 0x10000) {
        out += char(0xe0 | (code >> 12));
        out += char(0x80 | ((code >> 6) & 0x3f));
    } else {
        out += char(0xf0 | (code >> 18));
        out += char(0x80 | ((code >> 12) & 0x3f));
        out += char(0x80 | ((code >> 6) & 0x3f));
    }
    out += char(0x80 | (code & 0x3f));
}

} // namespace

// Walks UTF-16 directly (no UTF-8 copy first) and escapes exactly as QJsonDocument does:
// the short forms \" \\ \b \f \n \r \t, \u00XX for other controls, and \uXXXX for a lone
// surrogate, which UTF-8 cannot carry.
void appendJsonString(QByteArray &out, QStringView text)
{
    out += '"';
    const char16_t *units = text.utf16();
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = units[i];
        if (unit >= 0x20 && unit < 0x80) {
            if (unit == '"' || unit == '\\')
                out += '\\';
            out += char(unit);
            continue;
        }
        switch (unit) {
        case '\b': out += "\\b"; continue;
        case '\f': out += "\\f"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        default: break;
        }
        if (unit < 0x20) {
            appendEscapedUnit(out, unit);
        } else if (QChar::isHighSurrogate(unit) && i + 1 < size && QChar::isLowSurrogate(units[i + 1])) {
            appendUtf8(out, QChar::surrogateToUcs4(unit, units[i + 1]));
            ++i;
        } else if (QChar::isSurrogate(unit)) {
            appendEscapedUnit(out, unit);
        } else {
            appendUtf8(out, unit);
        }
    }
    out += '"';
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
    }
    appendJsonString(out, formatTimestamp(time));
}

void appendJsonNumber(QByteArray &out, double value)
{
    out += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace academy
