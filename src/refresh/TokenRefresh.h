#pragma once

#include "auth/IdentityProvider.h"

namespace astro {

// One refresh_token grant for a domain: its identity provider (login configuration and
// discovery), then IdentityProvider::refresh. (FreshToken.h holds the policy around it: when,
// the lock, the store.)
Error refreshTokensFor(const Http& http, const Domain& domain, const Credentials& current,
                       const QDateTime& now, Credentials* out);

} // namespace astro
