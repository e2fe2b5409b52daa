#pragma once

#include "Credentials.h"
#include "Domain.h"

#include <QString>

namespace astro {

// What revoking a login's tokens at its identity provider (RFC 7009) came to. The lean
// `astro` only reports it; astro-network does it (auth/TokenRevocation.h).
struct Revocation
{
    enum Outcome {
        Revoked,    // every token given was revoked
        NotOffered, // the server has no revocation endpoint
        Failed,     // unreachable, or an error: `error` says which (never a token)
        Houston,    // an APC login: Houston has no revocation, nothing was sent anywhere
    };
    Outcome outcome = Failed;
    QString host; // where it was revoked: the domain as the user typed it, when revoked
    QString error;
    bool accessToken = false; // which tokens were sent
    bool refreshToken = false;
};

// True for an APC (Houston) login: the tokens' product is APC, or the domain is an APC one.
// Houston offers no token revocation, so there is nothing to ask any server: every revocation
// (auth/TokenRevocation.h) answers Revocation::Houston for it without a request.
inline bool isHoustonLogin(const Domain& domain, const Credentials& tokens)
{
    return tokens.product == Product::Apc || domain.isApc();
}

} // namespace astro
