// libFuzzer target: the token endpoint's answer to a refresh_token grant.
// Input: two bytes for the HTTP status, then the body. The status is
// (byte0 - '0') % 10 * 100 + (byte1 - '0') % 100, so text seeds read naturally:
// "20{...}" is a 200, "40{...}" a 400, "50..." a 500; any of 0..999 can be reached.
#include "auth/TokenResponse.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    const int status = uint8_t(data[0] - '0') % 10 * 100 + uint8_t(data[1] - '0') % 100;
    const QByteArray body(reinterpret_cast<const char*>(data) + 2, int(size - 2));

    astro::Credentials current;
    current.accessToken = QStringLiteral("old-access-token");
    current.refreshToken = QStringLiteral("old-refresh-token");
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    current.expiresAt = now.addSecs(60);

    astro::Credentials out;
    const astro::Error e = astro::parseTokenResponse(status, body, current, now, &out);
    if (!e.ok()) {
        if (e.message.isEmpty())
            __builtin_trap(); // every failure is explained
        return 0;
    }
    if (out.accessToken.isEmpty() || !out.expiresAt.isValid() || out.expiresAt < now)
        __builtin_trap(); // success means a token with an expiry that is not in the past

    // The result is what the stores persist: it must read back as the same credentials.
    astro::Credentials back;
    if (!astro::Credentials::fromJson(out.toJson(), &back))
        __builtin_trap();
    if (back.accessToken != out.accessToken || back.refreshToken != out.refreshToken ||
        back.expiresAt != out.expiresAt || back.tokenType != out.tokenType)
        __builtin_trap();
    return 0;
}
