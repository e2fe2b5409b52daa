#include "TokenRevocation.h"

#include "IdentityProvider.h"

namespace astro {

Revocation revokeTokensAt(const Http& http, const Domain& domain, const Credentials& tokens)
{
    Revocation result;
    result.accessToken = !tokens.accessToken.isEmpty();
    result.refreshToken = tokens.canRefresh();
    if (isHoustonLogin(domain, tokens)) {
        result.outcome = Revocation::Houston; // Houston has no revocation: nothing to ask
        return result;
    }
    IdentityProvider idp(http, domain);
    Error e = idp.connect();
    if (!e && !idp.offersRevocation()) {
        result.outcome = Revocation::NotOffered;
        return result;
    }
    if (!e && result.refreshToken)
        e = idp.revoke(tokens.refreshToken, QStringLiteral("refresh_token"));
    if (!e && result.accessToken)
        e = idp.revoke(tokens.accessToken, QStringLiteral("access_token"));
    if (e) {
        result.error = e.message;
        return result;
    }
    result.outcome = Revocation::Revoked;
    result.host = domain.name(); // as the user typed it (with its port)
    return result;
}

} // namespace astro
