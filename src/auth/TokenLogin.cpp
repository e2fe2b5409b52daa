#include "TokenLogin.h"

#include "core/Jwt.h"
#include "core/QtCompat.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace astro {

Error normalizeToken(const QString& raw, QString* out)
{
    QString t = raw.trimmed();
    if (t.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive))
        t = t.mid(7).trimmed();
    if (t.isEmpty())
        return Error::make(ExitUsage, QCoreApplication::translate(
                                          "TokenLogin",
                                          "The token is empty. Give it with --token-login TOKEN, "
                                          "--token-login - (stdin) or --token-login @FILE."));
    if (t.size() > 16384)
        return Error::make(ExitAuthFailed,
                           QCoreApplication::translate(
                               "TokenLogin", "The token is malformed: it is longer than 16 KiB."));
    static const QRegularExpression b64token(QStringLiteral("^[A-Za-z0-9\\-._~+/]+=*$"));
    if (!b64token.match(t).hasMatch())
        return Error::make(ExitAuthFailed,
                           QCoreApplication::translate(
                               "TokenLogin",
                               "The token is malformed: it contains characters that cannot "
                               "be part of a token (a space, a line break or a quote?)."));
    *out = t;
    return Error::none();
}

Error tokenLogin(const IdentityProvider& idp, const QString& token, const QDateTime& now,
                 LoginResult* out)
{
    LoginResult r;
    r.credentials.accessToken = token;
    JwtClaims claims;
    if (decodeJwtClaims(token, &claims) && claims.expiresAt().isValid()) {
        r.credentials.expiresAt = claims.expiresAt();
        r.expiryFromToken = true;
        const QJsonValue iat = claims.claims.value(QStringLiteral("iat"));
        if (iat.isDouble() && iat.toDouble() > 0 &&
            iat.toDouble() < claims.expiresAt().toSecsSinceEpoch())
            r.credentials.obtainedAt = utcFromSecsSinceEpoch(qint64(iat.toDouble()));
        if (r.credentials.expiresAt <= now)
            return Error::make(
                ExitAuthFailed,
                QCoreApplication::translate("TokenLogin",
                                            "The token expired at %1. Create a new token and try "
                                            "again.")
                    .arg(r.credentials.expiresAt.toString(Qt::ISODate)));
    } else {
        r.credentials.expiresAt = now.addSecs(3600);
    }
    if (Error e = idp.userInfo(token, &r.user)) {
        if (e.code == ExitAuthFailed)
            e.message =
                QCoreApplication::translate(
                    "TokenLogin",
                    "The token was rejected by %1: it is invalid, expired or revoked. Nothing was "
                    "saved.")
                    .arg(idp.endpoints().userinfo.host());
        return e;
    }
    *out = r;
    return Error::none();
}

} // namespace astro
