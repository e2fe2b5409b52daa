#include "PastedInput.h"

#include "LoopbackReplyHandler.h"
#include "TokenLogin.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace astro {

namespace {
// A JWT (RFC 7519 compact form): three non-empty base64url parts, the first two decoding to
// JSON objects. Astro's access tokens (Auth0's, for an API audience) and the test server's
// are JWTs; an opaque token still works with --token-login.
bool isJwtShaped(const QString& token)
{
    static const QRegularExpression shape(
        QStringLiteral("^([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.[A-Za-z0-9_-]+$"));
    const QRegularExpressionMatch m = shape.match(token);
    if (!m.hasMatch())
        return false;
    for (int part = 1; part <= 2; ++part) {
        const auto decoded = QByteArray::fromBase64Encoding(
            m.captured(part).toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return false;
        QJsonParseError error;
        if (!QJsonDocument::fromJson(*decoded, &error).isObject())
            return false;
    }
    return true;
}
} // namespace

QString unquotePaste(const QString& text)
{
    QString t = text.trimmed();
    while (t.size() >= 2 && ((t.startsWith(QLatin1Char('"')) && t.endsWith(QLatin1Char('"'))) ||
                             (t.startsWith(QLatin1Char('\'')) && t.endsWith(QLatin1Char('\''))) ||
                             (t.startsWith(QLatin1Char('<')) && t.endsWith(QLatin1Char('>')))))
        t = t.mid(1, t.size() - 2).trimmed();
    return t;
}

PastedInput classifyPaste(const QString& text)
{
    PastedInput in;
    // Blanks around it, and the quotes a terminal or a chat window adds ("…", '…', <…>).
    const QString t = unquotePaste(text);
    if (t.isEmpty()) {
        in.problem = QCoreApplication::translate("PastedInput", "Nothing was pasted.");
        return in;
    }
    if (t.size() > 16384) {
        in.problem = QCoreApplication::translate(
            "PastedInput", "That is too long to be a login address or a token.");
        return in;
    }
    // An address (http://localhost:12345/callback?code=…&state=…) or just its query.
    QString query;
    if (t.contains(QLatin1String("://"))) {
        const QUrl url(t, QUrl::StrictMode);
        if (!url.isValid() || !url.hasQuery()) {
            in.problem = QCoreApplication::translate(
                "PastedInput",
                "That address carries no login result. Paste the whole address shown in the "
                "browser's address bar after you logged in.");
            return in;
        }
        if (url.path() != QLatin1String("/callback")) {
            in.problem = QCoreApplication::translate(
                "PastedInput",
                "That is not the login callback address (it should end in /callback?code=…).");
            return in;
        }
        query = url.query(QUrl::FullyEncoded);
    } else if (t.contains(QLatin1String("code=")) || t.contains(QLatin1String("error="))) {
        query = t.startsWith(QLatin1Char('?')) ? t.mid(1) : t;
    }
    if (!query.isEmpty()) {
        in.params = parseQuery(query.toUtf8());
        if (in.params.value(QStringLiteral("code")).isEmpty() &&
            in.params.value(QStringLiteral("error")).isEmpty()) {
            in.problem = QCoreApplication::translate(
                "PastedInput",
                "That address has no code in it. Paste the address the browser ended on after "
                "you logged in.");
            return in;
        }
        in.kind = PastedInput::Kind::Callback;
        return in;
    }
    // Only a token-shaped paste is taken as a token: anything else (a password pasted by
    // mistake, say) is never sent to the server.
    QString token;
    if (normalizeToken(t, &token).ok() && isJwtShaped(token)) {
        in.kind = PastedInput::Kind::Token;
        in.token = token;
        return in;
    }
    in.problem = QCoreApplication::translate(
        "PastedInput", "That is neither the address the browser ended on nor a token.");
    return in;
}

} // namespace astro
