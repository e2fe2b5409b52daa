#include "Jwt.h"

#include "QtCompat.h"

#include <QByteArray>
#include <QJsonDocument>
#include <cmath>

namespace astro {

QDateTime JwtClaims::expiresAt() const
{
    const QJsonValue v = claims.value(QStringLiteral("exp"));
    if (!v.isDouble())
        return {};
    const double d = v.toDouble();
    // Reject absurd values rather than overflow: year 1970..9999.
    if (!std::isfinite(d) || d < 0 || d > 253402300799.0)
        return {};
    return utcFromSecsSinceEpoch(qint64(d));
}

QString JwtClaims::email() const
{
    return claims.value(QStringLiteral("email")).toString();
}

QString JwtClaims::issuer() const
{
    return claims.value(QStringLiteral("iss")).toString();
}

bool decodeJwtClaims(const QString& token, JwtClaims* out)
{
    if (token.size() > 16384)
        return false;
    const QStringList parts = token.split(QLatin1Char('.'));
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty())
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(
        parts[1].toLatin1(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(*decoded, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    out->claims = doc.object();
    return true;
}

} // namespace astro
