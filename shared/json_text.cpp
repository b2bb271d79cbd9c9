#include "json_text.h"

#include <QLocale>

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

void appendJsonNumber(QByteArray &out, double value)
{
    out += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace academy
