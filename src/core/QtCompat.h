#pragma once

// Every difference between the Qt versions astro-auth supports (6.4 .. 6.8+) is decided
// here, and only here: the rest of the code calls these helpers or tests these macros,
// never QT_VERSION itself.

#include <QDateTime>
#include <QtGlobal>
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
#include <QTimeZone>
#endif

// Qt 6.8's QOAuth2AuthorizationCodeFlow does PKCE itself (setPkceMethod, S256 by default);
// before 6.8 we add code_challenge and code_verifier ourselves. Never both: two challenges.
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#define ASTRO_QT_NATIVE_PKCE 1
#else
#define ASTRO_QT_NATIVE_PKCE 0
#endif

namespace astro {

// A UTC QDateTime from seconds since the epoch. The Qt::TimeSpec overload is deprecated in
// Qt 6.8; its QTimeZone replacement exists from Qt 6.5. Both give the same value (UTC spec).
inline QDateTime utcFromSecsSinceEpoch(qint64 secs)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromSecsSinceEpoch(secs, QTimeZone::UTC);
#else
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
#endif
}

} // namespace astro
