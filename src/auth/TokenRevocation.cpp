#include "TokenRevocation.h"

#include "AstroPlatform.h"

namespace astro {

Revocation revokeTokensAt(const Http& http, const Domain& domain, const Credentials& tokens)
{
    Revocation result;
    result.accessToken = !tokens.accessToken.isEmpty();
    result.refreshToken = tokens.canRefresh();
    const AstroPlatform platform(http, domain);
    AuthConfig authConfig;
    OidcEndpoints endpoints;
    Error e = platform.fetchAuthConfig(&authConfig);
    if (!e)
        e = platform.discover(authConfig, &endpoints);
    if (!e && endpoints.revocation.isEmpty()) {
        result.outcome = Revocation::NotOffered;
        return result;
    }
    if (!e && result.refreshToken)
        e = platform.revoke(endpoints, authConfig, tokens.refreshToken,
                            QStringLiteral("refresh_token"));
    if (!e && result.accessToken)
        e = platform.revoke(endpoints, authConfig, tokens.accessToken,
                            QStringLiteral("access_token"));
    if (e) {
        result.error = e.message;
        return result;
    }
    result.outcome = Revocation::Revoked;
    result.host = endpoints.revocation.host();
    return result;
}

} // namespace astro
