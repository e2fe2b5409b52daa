#pragma once

#include "Http.h"
#include "core/Credentials.h"
#include "core/Error.h"

#include <QDateTime>

namespace astro {

// Lifetime assumed for an access token whose response has no usable expires_in, on every
// path (code exchange, refresh, device, pasted): astro's own one-hour assumption.
constexpr qint64 kDefaultTokenLifetimeSecs = 3600;
// The longest lifetime believed: a server that claims more is clamped, so the token is
// still refreshed now and then.
constexpr qint64 kMaxTokenLifetimeSecs = 366 * 86400;

// expires_in as a server sent it (any JSON value), clamped to 1 s .. kMaxTokenLifetimeSecs;
// missing, not a number or not positive: kDefaultTokenLifetimeSecs.
qint64 clampExpiresIn(const QJsonValue& value);

// A token endpoint's answer (code exchange, refresh, device poll) as credentials. Pure; the
// one parser for all of them (also fuzzed). The body must be exactly one JSON object; an
// `error` member is a refusal even with a 2xx status. A refusal's OAuth error code goes to
// *errorCode (when given; cleaned to [A-Za-z0-9_.-], at most 64 characters). A rotated
// refresh token replaces current's; without one, current's is kept.
Error parseTokenResponse(int status, const QByteArray& body, const Credentials& current,
                         const QDateTime& now, Credentials* out, QString* errorCode = nullptr);

// The same for a whole response: transport errors (redirects, oversized answers, timeouts)
// and a body that is not JSON (Content-Type) are failures too.
Error parseTokenReply(const HttpResponse& response, const Credentials& current,
                      const QDateTime& now, Credentials* out, QString* errorCode = nullptr);

} // namespace astro
