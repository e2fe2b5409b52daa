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
    Error e = parseTokenReply(r, current, now, out);
    if (e)
        e.message = QCoreApplication::translate("TokenRefresh", "Cannot refresh the token: %1")
                        .arg(e.message);
    return e;
}

Error refreshTokensFor(const Http& http, const Domain& domain, const Credentials& current,
                       const QDateTime& now, Credentials* out)
{
    const AstroPlatform platform(http, domain);
    AuthConfig authConfig;
    if (Error e = platform.fetchAuthConfig(&authConfig))
        return e;
    OidcEndpoints endpoints;
    if (Error e = platform.discover(authConfig, &endpoints))
        return e;
    return refreshTokens(http, endpoints, authConfig, current, now, out);
}

} // namespace astro
