#include "DisplayText.h"

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

} // namespace astro
