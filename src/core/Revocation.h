#pragma once

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
    };
    Outcome outcome = Failed;
    QString host; // where it was revoked: the domain as the user typed it, when revoked
    QString error;
    bool accessToken = false; // which tokens were sent
    bool refreshToken = false;
};

} // namespace astro
