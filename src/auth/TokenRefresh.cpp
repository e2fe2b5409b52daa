#include "TokenRefresh.h"

#include <QCoreApplication>

namespace astro {

Error refreshTokens(const Http& http, const OidcEndpoints& endpoints, const AuthConfig& config,
                    const Credentials& current, const QDateTime& now, Credentials* out)
{
    const HttpResponse r = http.postForm(
        endpoints.token, {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                          {QStringLiteral("refresh_token"), current.refreshToken},
                          {QStringLiteral("client_id"), config.clientId}});
    if (r.transportError)
        return Error::make(ExitNetwork, QCoreApplication::translate("TokenRefresh",
                                                                    "Cannot refresh the token: %1.")
                                            .arg(r.errorString));
    return parseTokenResponse(r.status, r.body, current, now, out);
}

Error parseTokenResponse(int status, const QByteArray& body, const Credentials& current,
                         const QDateTime& now, Credentials* out)
{
    const QJsonObject o = HttpResponse{status, body, false, false, QString()}.json();
    if (status < 200 || status >= 300) {
        const QString error = o.value(QStringLiteral("error")).toString();
        if (error == QLatin1String("invalid_grant"))
            return Error::make(ExitAuthFailed,
                               QCoreApplication::translate(
                                   "TokenRefresh",
                                   "your login has expired or was revoked (invalid_grant). "
                                   "Run 'astro login' to log in again."));
        return Error::make(
            status >= 500 ? ExitNetwork : ExitAuthFailed,
            QCoreApplication::translate(
                "TokenRefresh",
                "the token refresh failed (HTTP %1%2). Run 'astro login' to log in again.")
                .arg(status)
                .arg(error.isEmpty() ? QString() : QStringLiteral(", ") + error.left(100)));
    }
    Credentials c;
    c.accessToken = o.value(QStringLiteral("access_token")).toString();
    if (c.accessToken.isEmpty())
        return Error::make(ExitNetwork,
                           QCoreApplication::translate(
                               "TokenRefresh", "the token refresh returned no access token."));
    c.refreshToken = o.value(QStringLiteral("refresh_token")).toString();
    if (c.refreshToken.isEmpty())
        c.refreshToken = current.refreshToken;
    const QString type = o.value(QStringLiteral("token_type")).toString();
    if (!type.isEmpty())
        c.tokenType = type;
    double expiresIn = o.value(QStringLiteral("expires_in")).toDouble(3600);
    if (!(expiresIn > 0 && expiresIn < 10.0 * 365 * 86400))
        expiresIn = 3600;
    c.expiresAt = now.addSecs(qint64(expiresIn));
    c.obtainedAt = now;
    *out = c;
    return Error::none();
}

} // namespace astro
