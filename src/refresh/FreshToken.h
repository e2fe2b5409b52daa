#pragma once

#include "cli/CommandSupport.h"
#include "cli/Services.h"
#include "core/Domain.h"

namespace astro {

// The token `auth token` prints, for every command that hands it on (`auth exec`, the Docker
// credential helper): ASTRO_API_TOKEN when set and `environmentWins` (never stored), else the
// stored login of `domain` (not given: ASTRO_DOMAIN or the current context), refreshed
// when due (in the lean astro: ExitHandOver, astro-network refreshes).
struct TokenRequest
{
    DomainArgument domain; // a blank one given is a usage error, even for ASTRO_API_TOKEN
    bool environmentWins = true;
    bool needDomain = false; // resolve the domain even for ASTRO_API_TOKEN
};
struct AccessToken
{
    QString token;
    Domain domain;        // set unless the token came from the environment without needDomain
    bool noLogin = false; // the error is "no token found" for that domain
};
Error freshAccessToken(Services& s, const TokenRequest& request, AccessToken* out);

// Makes `creds` usable: when the access token expires within 5 minutes and a refresh
// token exists, refreshes it once for all processes (an inter-process lock; waiters
// re-read the store and use what the first one got), persisting a rotated refresh token
// before the new access token is used. Without a refresh token an expired token is an
// error (log in again). A refresh that cannot reach the server leaves a token valid for more
// than a minute in use, with a warning; `notRefreshed` then says why.
Error ensureFreshCredentials(Services& s, const Domain& domain, CredentialStore* store,
                             Credentials* creds, bool* refreshed = nullptr,
                             QString* notRefreshed = nullptr);

// Runs `body` holding the domain's login lock (~/.astro/refresh-<domain>.lock), which a
// refresh, a logout and a login's store write all hold: none of them can undo another (a
// refresh that writes back a login that was just logged out, or overwrites a new login with
// the old account's tokens). Inter-process, and reentrant within a process.
Error withLoginLock(Services& s, const Domain& domain, int timeoutMs,
                    const std::function<Error()>& body, bool* waited = nullptr);

} // namespace astro
