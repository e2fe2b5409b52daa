#pragma once

#include "IdentityProvider.h"
#include "core/Credentials.h"
#include "core/Error.h"

#include <QDateTime>

namespace astro {

struct LoginResult
{
    Credentials credentials;
    UserInfo user;
    bool expiryFromToken = false; // false: astro's assumption of one hour
};

// Checks that `token` looks like a bearer token (RFC 6750 b64token) and returns it
// without surrounding blanks or a "Bearer " prefix. Never echoes the token in errors.
Error normalizeToken(const QString& raw, QString* out);

// `astro login --token-login`: validates an access token at the server's userinfo and
// builds credentials with the expiry from the JWT `exp` claim (one hour when opaque).
Error tokenLogin(const IdentityProvider& idp, const QString& token, const QDateTime& now,
                 LoginResult* out);

} // namespace astro
