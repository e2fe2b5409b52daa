#pragma once

// Every difference between the Qt versions astro-auth supports (6.4 .. 6.8+) is decided
// here, and only here: the rest of the code calls these helpers or tests these macros,
// never QT_VERSION itself.

#include <QDateTime>
#include <QString>
#include <QUrl>
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

// The `code` as QOAuth2AuthorizationCodeFlow wants it in callbackReceived(), from the fully
// decoded code the listener has. Before 6.8 the flow percent-encodes it itself. From 6.8 it
// takes a code that contains '%' as already encoded and sends it as it is (QTBUG-81624), so
// a code such as "a%41" would reach the token endpoint as "aA": encode it here, once.
inline QString codeForOAuthFlow(const QString& decoded)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return QString::fromLatin1(QUrl::toPercentEncoding(decoded));
#else
    return decoded;
#endif
}

} // namespace astro
