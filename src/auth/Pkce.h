#pragma once

#include <QByteArray>

namespace astro {

// RFC 7636 and RFC 6749 §10.10, from the OS CSPRNG (QRandomGenerator::system()).
// 32 random bytes, base64url without padding (43 characters).
QByteArray randomUrlSafe(int bytes = 32);
QByteArray pkceVerifier();
QByteArray pkceChallengeS256(const QByteArray& verifier);

} // namespace astro
