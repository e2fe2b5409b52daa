#include "TokenRefresh.h"

namespace astro {

Error refreshTokens(const Http& http, const OidcEndpoints& endpoints, const AuthConfig& config,
                    const Credentials& current, const QDateTime& now, Credentials* out)
{
    const HttpResponse r = http.postForm(endpoints.token, {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                                           {QStringLiteral("refresh_token"), current.refreshToken},
                                                           {QStringLiteral("client_id"), config.clientId}});
    if (r.transportError)
        return Error::make(ExitNetwork, QStringLiteral("Cannot refresh the token: %1.").arg(r.errorString));
    const QJsonObject o = r.json();
    if (!r.isSuccess()) {
        const QString error = o.value(QStringLiteral("error")).toString();
        if (error == QLatin1String("invalid_grant"))
            return Error::make(ExitAuthFailed, QStringLiteral("your login has expired or was revoked (invalid_grant). "
                                                              "Run 'astro login' to log in again."));
        return Error::make(r.status >= 500 ? ExitNetwork : ExitAuthFailed,
                           QStringLiteral("the token refresh failed (HTTP %1%2). Run 'astro login' to log in again.")
                               .arg(r.status)
                               .arg(error.isEmpty() ? QString() : QStringLiteral(", ") + error.left(100)));
    }
    Credentials c;
    c.accessToken = o.value(QStringLiteral("access_token")).toString();
    if (c.accessToken.isEmpty())
        return Error::make(ExitNetwork, QStringLiteral("the token refresh returned no access token."));
    c.refreshToken = o.value(QStringLiteral("refresh_token")).toString();
    if (c.refreshToken.isEmpty())
        c.refreshToken = current.refreshToken;
    const QString type = o.value(QStringLiteral("token_type")).toString();
    if (!type.isEmpty())
        c.tokenType = type;
    const double expiresIn = o.value(QStringLiteral("expires_in")).toDouble(3600);
    c.expiresAt = now.addSecs(qint64(expiresIn > 0 ? expiresIn : 3600));
    *out = c;
    return Error::none();
}

} // namespace astro
