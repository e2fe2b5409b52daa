#include "PastedInput.h"

#include "LoopbackReplyHandler.h"
#include "TokenLogin.h"

#include <QCoreApplication>
#include <QUrl>

namespace astro {

PastedInput classifyPaste(const QString& text)
{
    PastedInput in;
    const QString t = text.trimmed();
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
        in.params = LoopbackReplyHandler::parseQuery(query.toUtf8());
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
    QString token;
    if (t.size() >= 20 && normalizeToken(t, &token).ok()) {
        in.kind = PastedInput::Kind::Token;
        in.token = token;
        return in;
    }
    in.problem = QCoreApplication::translate(
        "PastedInput", "That is neither the address the browser ended on nor a token.");
    return in;
}

} // namespace astro
