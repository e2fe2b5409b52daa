#include "Redact.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace astro {

QString redactUrl(const QUrl& url)
{
    static const char* const secretKeys[] = {"code",         "state",         "code_verifier",
                                             "access_token", "refresh_token", "id_token",
                                             "token",        "client_secret", "device_code"};
    QUrl u = url;
    u.setUserInfo(QString());
    u.setFragment(QString());
    QUrlQuery q(u);
    const auto items = q.queryItems(QUrl::FullyEncoded);
    QUrlQuery out;
    for (const auto& [k, v] : items) {
        bool secret = false;
        for (const char* s : secretKeys)
            secret = secret || k == QLatin1String(s);
        out.addQueryItem(k, secret ? QStringLiteral("REDACTED") : v);
    }
    u.setQuery(out);
    return u.toString(QUrl::FullyEncoded);
}

QString redactSecrets(const QString& text)
{
    // Never destroyed: Qt logs while the program exits (plugins unloading), after the
    // destructors of statics have run.
    static const auto* const jwt = new QRegularExpression(
        QStringLiteral("eyJ[A-Za-z0-9_-]*\\.eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*"));
    static const auto* const bearer =
        new QRegularExpression(QStringLiteral("(?i)(bearer\\s+)[^\\s\"',;]+"));
    static const auto* const parameter = new QRegularExpression(QStringLiteral(
        "(?i)(\"?\\b(?:code|state|code_verifier|access_token|refresh_token|id_token|token|"
        "client_secret|device_code|password)\"?\\s*[=:]\\s*\"?)[^\\s\"&,;}]+"));
    QString out = text;
    out.replace(*jwt, QStringLiteral("REDACTED"));
    out.replace(*bearer, QStringLiteral("\\1REDACTED"));
    out.replace(*parameter, QStringLiteral("\\1REDACTED"));
    return out;
}

} // namespace astro
