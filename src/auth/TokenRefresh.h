#pragma once

#include "AstroPlatform.h"
#include "TokenResponse.h"
#include "core/Credentials.h"

#include <QDateTime>

namespace astro {

// One refresh_token grant at the token endpoint. A rotated refresh token replaces the old
// one (when the server sends none, the old one is kept). invalid_grant means "log in
// again" (ExitAuthFailed) and is never retried.
Error refreshTokens(const Http& http, const OidcEndpoints& endpoints, const AuthConfig& config,
                    const Credentials& current, const QDateTime& now, Credentials* out);

// The same for a domain: its login configuration and discovery first.
Error refreshTokensFor(const Http& http, const Domain& domain, const Credentials& current,
                       const QDateTime& now, Credentials* out);

} // namespace astro
