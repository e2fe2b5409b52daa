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

} // namespace astro
