#include "Credentials.h"

#include "QtCompat.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace astro {

bool Credentials::expiresWithin(const QDateTime& now, qint64 marginSecs) const
{
    if (!expiresAt.isValid())
        return false;
    return now.secsTo(expiresAt) <= marginSecs;
}

qint64 Credentials::refreshMarginSecs(qint64 preferredSecs) const
{
    if (!obtainedAt.isValid() || !expiresAt.isValid())
        return preferredSecs;
    const qint64 lifetime = obtainedAt.secsTo(expiresAt);
    return lifetime > 0 ? qMin(preferredSecs, lifetime / 2) : preferredSecs;
}

QByteArray Credentials::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("access_token"), accessToken);
    if (!refreshToken.isEmpty())
        o.insert(QStringLiteral("refresh_token"), refreshToken);
    if (expiresAt.isValid())
        o.insert(QStringLiteral("expires_at"), expiresAt.toSecsSinceEpoch());
    if (obtainedAt.isValid())
        o.insert(QStringLiteral("obtained_at"), obtainedAt.toSecsSinceEpoch());
    o.insert(QStringLiteral("token_type"), tokenType);
    o.insert(QStringLiteral("product"), productName(product));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool Credentials::fromJson(const QByteArray& json, Credentials* out)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    const QJsonValue at = o.value(QStringLiteral("access_token"));
    if (!at.isString() || at.toString().isEmpty())
        return false;
    Credentials c;
    const QJsonValue product = o.value(QStringLiteral("product"));
    if (!product.isUndefined() && !productFromName(product.toString(), &c.product))
        return false;
    c.accessToken = at.toString();
    c.refreshToken = o.value(QStringLiteral("refresh_token")).toString();
    const QJsonValue exp = o.value(QStringLiteral("expires_at"));
    // Only a plausible time (1970..9999): anything else would overflow the conversion.
    if (exp.isDouble() && exp.toDouble() >= 0 && exp.toDouble() <= 253402300799.0)
        c.expiresAt = utcFromSecsSinceEpoch(qint64(exp.toDouble()));
    const QJsonValue obtained = o.value(QStringLiteral("obtained_at"));
    if (obtained.isDouble() && obtained.toDouble() >= 0 && obtained.toDouble() <= 253402300799.0)
        c.obtainedAt = utcFromSecsSinceEpoch(qint64(obtained.toDouble()));
    const QString type = o.value(QStringLiteral("token_type")).toString();
    if (!type.isEmpty())
        c.tokenType = type;
    *out = c;
    return true;
}

} // namespace astro
