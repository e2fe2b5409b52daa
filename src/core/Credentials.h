#pragma once

#include "Product.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace astro {

// Refresh window: a token that expires within this many seconds is refreshed first.
constexpr qint64 kRefreshWindowSecs = 300;
// A refresh that fails for want of the server (unreachable, timed out, nonsense) leaves the
// current token in use while it is valid for more than this long.
constexpr qint64 kRefreshFallbackMinSecs = 60;

// The secret part of a login. Stored as one small JSON document (well under Windows'
// 2,560-byte credential limit: the id_token is deliberately not kept).
struct Credentials
{
    QString accessToken;
    QString refreshToken;
    QDateTime expiresAt;  // UTC; invalid when unknown
    QDateTime obtainedAt; // UTC; when the access token was issued to us (invalid when unknown)
    QString tokenType = QStringLiteral("Bearer");
    // Stored as "product"; a value stored without it is Astro's. An APC (Houston) login holds
    // the raw Houston JWT (sent as `authorization: <token>`) and is never refreshed.
    Product product = Product::Astro;

    bool isEmpty() const { return accessToken.isEmpty(); }
    bool canRefresh() const { return product == Product::Astro && !refreshToken.isEmpty(); }
    // True when the access token expires within `marginSecs` of `now`.
    bool expiresWithin(const QDateTime& now, qint64 marginSecs) const;
    // How long before expiry to refresh: `preferredSecs`, but at most half the token's
    // lifetime, so a short-lived token that was just refreshed is used, not refreshed again.
    qint64 refreshMarginSecs(qint64 preferredSecs) const;

    QByteArray toJson() const;
    // Returns false for anything that is not a credentials document (an unknown product too).
    static bool fromJson(const QByteArray& json, Credentials* out);
};

} // namespace astro
