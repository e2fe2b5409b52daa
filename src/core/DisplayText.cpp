#include "DisplayText.h"

#include <QList>

namespace astro {

namespace {
bool unsafe(char16_t c)
{
    if (c < 0x20)
        return c != u'\n' && c != u'\t';
    return c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}
} // namespace

QString displaySafe(const QString& text)
{
    QString out = text;
    for (QChar& c : out) {
        if (unsafe(c.unicode()))
            c = QChar(QChar::ReplacementCharacter);
    }
    return out;
}

QString displaySafeLine(const QString& text)
{
    QString out = displaySafe(text);
    for (QChar& c : out) {
        if (c == u'\n' || c == u'\t')
            c = QChar(QChar::ReplacementCharacter);
    }
    return out;
}

namespace {
// East Asian Width W or F (Unicode's EastAsianWidth.txt, in ranges).
bool wide(char32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || c == 0x2329 || c == 0x232A ||
           (c >= 0x231A && c <= 0x231B) || (c >= 0x23E9 && c <= 0x23EC) || c == 0x23F0 ||
           c == 0x23F3 || (c >= 0x25FD && c <= 0x25FE) || (c >= 0x2614 && c <= 0x2615) ||
           (c >= 0x2648 && c <= 0x2653) || c == 0x267F || c == 0x2693 || c == 0x26A1 ||
           (c >= 0x26AA && c <= 0x26AB) || (c >= 0x26BD && c <= 0x26BE) ||
           (c >= 0x26C4 && c <= 0x26C5) || c == 0x26CE || c == 0x26D4 || c == 0x26EA ||
           (c >= 0x26F2 && c <= 0x26F3) || c == 0x26F5 || c == 0x26FA || c == 0x26FD ||
           c == 0x2705 || (c >= 0x270A && c <= 0x270B) || c == 0x2728 || c == 0x274C ||
           c == 0x274E || (c >= 0x2753 && c <= 0x2755) || c == 0x2757 ||
           (c >= 0x2795 && c <= 0x2797) || c == 0x27B0 || c == 0x27BF ||
           (c >= 0x2B1B && c <= 0x2B1C) || c == 0x2B50 || c == 0x2B55 ||
           (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xA000 && c <= 0xA4CF) || (c >= 0xA960 && c <= 0xA97F) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE6F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
           (c >= 0x16FE0 && c <= 0x18CFF) || (c >= 0x1B000 && c <= 0x1B2FF) || c == 0x1F004 ||
           c == 0x1F0CF || c == 0x1F18E || (c >= 0x1F191 && c <= 0x1F19A) ||
           (c >= 0x1F200 && c <= 0x1F251) || (c >= 0x1F300 && c <= 0x1F320) ||
           (c >= 0x1F32D && c <= 0x1F335) || (c >= 0x1F337 && c <= 0x1F37C) ||
           (c >= 0x1F37E && c <= 0x1F393) || (c >= 0x1F3A0 && c <= 0x1F3CA) ||
           (c >= 0x1F3CF && c <= 0x1F3D3) || (c >= 0x1F3E0 && c <= 0x1F3F0) || c == 0x1F3F4 ||
           (c >= 0x1F3F8 && c <= 0x1F43E) || c == 0x1F440 || (c >= 0x1F442 && c <= 0x1F4FC) ||
           (c >= 0x1F4FF && c <= 0x1F53D) || (c >= 0x1F54B && c <= 0x1F54E) ||
           (c >= 0x1F550 && c <= 0x1F567) || c == 0x1F57A || (c >= 0x1F595 && c <= 0x1F596) ||
           c == 0x1F5A4 || (c >= 0x1F5FB && c <= 0x1F64F) || (c >= 0x1F680 && c <= 0x1F6C5) ||
           c == 0x1F6CC || (c >= 0x1F6D0 && c <= 0x1F6D2) || (c >= 0x1F6D5 && c <= 0x1F6D7) ||
           (c >= 0x1F6DC && c <= 0x1F6DF) || (c >= 0x1F6EB && c <= 0x1F6EC) ||
           (c >= 0x1F6F4 && c <= 0x1F6FC) || (c >= 0x1F7E0 && c <= 0x1F7EB) || c == 0x1F7F0 ||
           (c >= 0x1F90C && c <= 0x1F93A) || (c >= 0x1F93C && c <= 0x1F945) ||
           (c >= 0x1F947 && c <= 0x1F9FF) || (c >= 0x1FA70 && c <= 0x1FAFF) ||
           (c >= 0x20000 && c <= 0x2FFFD) || (c >= 0x30000 && c <= 0x3FFFD);
}
} // namespace

int displayWidth(const QString& text)
{
    int width = 0;
    const QList<uint> codePoints = text.toUcs4();
    for (const uint c : codePoints) {
        const QChar::Category cat = QChar::category(c);
        if (cat == QChar::Mark_NonSpacing || cat == QChar::Mark_Enclosing ||
            cat == QChar::Other_Format || c == 0x200B)
            continue; // combining marks, zero-width characters
        width += wide(c) ? 2 : 1;
    }
    return width;
}

QString padToWidth(const QString& text, int width)
{
    const int missing = width - displayWidth(text);
    return missing > 0 ? text + QString(missing, QLatin1Char(' ')) : text;
}

} // namespace astro
