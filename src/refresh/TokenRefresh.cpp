#include "TokenRefresh.h"

namespace astro {

Error refreshTokensFor(const Http& http, const Domain& domain, const Credentials& current,
                       const QDateTime& now, Credentials* out)
{
    IdentityProvider idp(http, domain);
    if (Error e = idp.connect())
        return e;
    return idp.refresh(current, now, out);
}

} // namespace astro
