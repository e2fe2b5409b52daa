#pragma once

#include <QString>

namespace astro {

// `text` made safe to show on a terminal or in a GUI label: every control character a
// terminal could act on (C0 except \n and \t, DEL, C1 U+0080–U+009F) and the bidi
// overrides and isolates (U+202A–U+202E, U+2066–U+2069) become U+FFFD. Anything a server
// or a file supplies goes through this before it is shown (Console does it for every
// write).
QString displaySafe(const QString& text);

// The same for one field a server or a file supplies (a name, a code, an error description):
// a line break or tab in it also becomes U+FFFD, so it cannot forge a line of astro's own.
QString displaySafeLine(const QString& text);

// How many terminal columns `text` takes: East Asian Wide and Fullwidth characters (CJK,
// most emoji) take 2, combining marks and zero-width characters 0, the others 1.
int displayWidth(const QString& text);

// `text` followed by spaces up to `width` columns (display width; nothing added when it is
// already that wide).
QString padToWidth(const QString& text, int width);

} // namespace astro
