#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace astro {

// Reads the claims of a JWT *without* verifying it: the server verifies, we only want
// `exp` (so we know when to refresh) and informational claims.
struct JwtClaims
{
    QJsonObject claims;
    QDateTime expiresAt() const; // invalid when there is no numeric exp
    QString email() const;
    QString issuer() const;
};

// Returns false when `token` is not a three-part JWT with a JSON-object payload.
bool decodeJwtClaims(const QString& token, JwtClaims* out);

} // namespace astro
