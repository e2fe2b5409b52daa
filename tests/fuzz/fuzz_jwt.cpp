// libFuzzer target: reading the claims of an (unverified) JWT, and the checks on a token
// given with --token-login.
#include "auth/TokenLogin.h"
#include "core/Jwt.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString token = QString::fromUtf8(reinterpret_cast<const char*>(data), int(size));

    astro::JwtClaims claims;
    if (astro::decodeJwtClaims(token, &claims)) {
        const QDateTime exp = claims.expiresAt();
        if (exp.isValid())
            (void)exp.toString(Qt::ISODate); // as tokenLogin's "expired at" message
        (void)claims.email().size();
        (void)claims.issuer().size();
    }

    QString normalized;
    if (astro::normalizeToken(token, &normalized).ok()) {
        if (normalized.isEmpty() || normalized.size() > 16384)
            __builtin_trap(); // accepted tokens are never empty or over 16 KiB
    }
    return 0;
}
