#pragma once

#include "Services.h"
#include "core/Domain.h"

namespace astro {

// Makes `creds` usable: when the access token expires within 5 minutes and a refresh
// token exists, refreshes it once for all processes (an inter-process lock; waiters
// re-read the store and use what the first one got), persisting a rotated refresh token
// before the new access token is used. Without a refresh token an expired token is an
// error (log in again).
Error ensureFreshCredentials(Services& s, const Domain& domain, CredentialStore* store,
                             Credentials* creds, bool* refreshed = nullptr);

} // namespace astro
