#include "TokenResponse.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace astro {
namespace {

// Texts of this file for Qt Linguist (context "TokenResponse").
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(TokenResponse)
};

// An OAuth error code as safe text: RFC 6749 allows only printable ASCII; keep less.
QString cleanErrorCode(const QString& raw)
{
    QString out;
    for (const QChar c : raw.left(64)) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            out += c;
        else if (c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char('.'))
            out += c;
    }
    return out;
}

bool tokenShaped(const QString& t)
{
    static const QRegularExpression chars(QStringLiteral("^[A-Za-z0-9\\-._~+/]+=*$"));
    return !t.isEmpty() && t.size() <= 16384 && chars.match(t).hasMatch();
}

} // namespace

qint64 clampExpiresIn(const QJsonValue& value)
{
    if (!value.isDouble())
        return kDefaultTokenLifetimeSecs;
    const double secs = value.toDouble();
    if (!(secs >= 1))
        return kDefaultTokenLifetimeSecs; // also NaN
    return secs > double(kMaxTokenLifetimeSecs) ? kMaxTokenLifetimeSecs : qint64(secs);
}

Error parseTokenResponse(int status, const QByteArray& body, const Credentials& current,
                         const QDateTime& now, Credentials* out, QString* errorCode)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && doc.isObject();
    const QJsonObject o = isObject ? doc.object() : QJsonObject();
    const QString error = cleanErrorCode(o.value(QStringLiteral("error")).toString());
    if (errorCode)
        *errorCode = error;
    const bool success = status >= 200 && status < 300;
    if (!success || !error.isEmpty()) {
        if (error == QLatin1String("invalid_grant"))
            return Error::make(
                ExitAuthFailed,
                Text::tr("the server refused the grant (invalid_grant): the login or code expired, "
                         "was already used or was revoked. Run 'astro login' to log in again."));
        const QString detail = error.isEmpty() ? QString() : QStringLiteral(", ") + error;
        return Error::make(status >= 400 && status < 500 ? ExitAuthFailed : ExitNetwork,
                           Text::tr("the token endpoint refused the request (HTTP %1%2).")
                               .arg(status)
                               .arg(detail));
    }
    if (!isObject)
        return Error::make(ExitNetwork,
                           Text::tr("the token endpoint's answer is not a JSON object; nothing was "
                                    "stored. Try again or contact Astronomer Support."));
    Credentials c;
    c.accessToken = o.value(QStringLiteral("access_token")).toString();
    if (!tokenShaped(c.accessToken))
        return Error::make(ExitNetwork,
                           Text::tr("the token endpoint returned no usable access token."));
    c.refreshToken = o.value(QStringLiteral("refresh_token")).toString();
    if (c.refreshToken.isEmpty())
        c.refreshToken = current.refreshToken;
    else if (!tokenShaped(c.refreshToken))
        return Error::make(ExitNetwork,
                           Text::tr("the token endpoint returned a malformed refresh token."));
    const QString type = o.value(QStringLiteral("token_type")).toString();
    if (!type.isEmpty())
        c.tokenType = type.left(32);
    c.expiresAt = now.addSecs(clampExpiresIn(o.value(QStringLiteral("expires_in"))));
    c.obtainedAt = now;
    *out = c;
    return Error::none();
}

Error parseTokenReply(const HttpResponse& response, const Credentials& current,
                      const QDateTime& now, Credentials* out, QString* errorCode)
{
    if (errorCode)
        errorCode->clear();
    if (response.transportError)
        return Error::make(ExitNetwork, response.errorString + QLatin1Char('.'));
    // RFC 6749 §5.1: application/json. A body of another type is not a token answer, even
    // when it happens to parse.
    const QByteArray type = response.contentType.split(';').value(0).trimmed().toLower();
    if (!type.isEmpty() && type != "application/json" && !type.endsWith("+json")) {
        if (response.status >= 200 && response.status < 300)
            return Error::make(
                ExitNetwork,
                Text::tr("the token endpoint answered with %1 instead of JSON; nothing "
                         "was stored. Try again or contact Astronomer Support.")
                    .arg(QString::fromLatin1(type.left(60))));
    }
    return parseTokenResponse(response.status, response.body, current, now, out, errorCode);
}

} // namespace astro
