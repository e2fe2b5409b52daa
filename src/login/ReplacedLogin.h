#pragma once

#include "cli/Services.h"

namespace astro {

// After a new login to `domain` was saved: revokes the tokens of the login it replaced (the
// refresh token, and the access token) at the server, best effort, and reports it on stderr
// as logout reports its revocation. Tokens the new login still uses are never revoked. Call
// it outside the locks (it talks to the server).
void revokeReplacedLogin(Services& s, const Domain& domain, const Credentials& replaced,
                         const Credentials& current);

} // namespace astro
