#pragma once

#include "Http.h"
#include "core/Credentials.h"
#include "core/Domain.h"
#include "core/Revocation.h"

namespace astro {

// Revokes the refresh token, then the access token, of `tokens` (each only when not empty)
// at `domain`'s identity provider (RFC 7009), when its discovery offers revocation. An APC
// login (isHoustonLogin) has nothing to revoke: Revocation::Houston, and no request. Logout,
// `context delete`, a login that replaces another and the take-over of astro-cli's plaintext
// tokens all revoke through this one function.
Revocation revokeTokensAt(const Http& http, const Domain& domain, const Credentials& tokens);

} // namespace astro
