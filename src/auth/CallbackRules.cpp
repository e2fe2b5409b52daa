#include "CallbackRules.h"

#include <QCoreApplication>

namespace astro {

bool parseRequestHead(const QByteArray& head, RequestHead* out)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.") ||
        requestLine[0].isEmpty() || !requestLine[1].startsWith('/')) {
        out->problem =
            QCoreApplication::translate("LoopbackReplyHandler", "malformed request line");
        return false;
    }
    int hostCount = 0;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const int colon = line.indexOf(':');
        if (colon <= 0) {
            out->problem = QCoreApplication::translate("LoopbackReplyHandler", "malformed header");
            return false;
        }
        if (line.left(colon).trimmed().toLower() == "host") {
            out->host = line.mid(colon + 1).trimmed();
            ++hostCount;
        }
    }
    if (hostCount != 1) {
        out->problem =
            QCoreApplication::translate("LoopbackReplyHandler", "missing or repeated Host header");
        return false;
    }
    out->method = requestLine[0];
    out->target = requestLine[1];
    return true;
}

QHash<QString, QString> parseQuery(const QByteArray& query)
{
    QHash<QString, QString> out;
    for (const QByteArray& pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        const int eq = pair.indexOf('=');
        QByteArray k = eq < 0 ? pair : pair.left(eq);
        QByteArray v = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        k.replace('+', ' ');
        v.replace('+', ' ');
        const QString key = QString::fromUtf8(QByteArray::fromPercentEncoding(k));
        if (!out.contains(key)) // the first occurrence wins; duplicates are ignored
            out.insert(key, QString::fromUtf8(QByteArray::fromPercentEncoding(v)));
    }
    return out;
}

bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (int i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

CallbackCheck judgeCallback(const QHash<QString, QString>& params, const ExpectedCallback& expected,
                            QString* why)
{
    const QByteArray state = params.value(QStringLiteral("state")).toUtf8();
    // The state is checked first, for errors too (RFC 6749 §10.12, RFC 9700).
    if (expected.state.isEmpty() || !constantTimeEquals(state, expected.state)) {
        *why = state.isEmpty()
                   ? QCoreApplication::translate("LoopbackReplyHandler", "callback without state")
                   : QCoreApplication::translate("LoopbackReplyHandler",
                                                 "callback with a wrong state");
        return CallbackCheck::Rejected;
    }
    const QString iss = params.value(QStringLiteral("iss"));
    if (iss.isEmpty() && expected.issuerRequired) {
        *why = QCoreApplication::translate("LoopbackReplyHandler",
                                           "callback without iss, which this server always sends");
        return CallbackCheck::Rejected;
    }
    if (!iss.isEmpty() && !expected.issuer.isEmpty() && iss != expected.issuer) {
        *why = QCoreApplication::translate("LoopbackReplyHandler",
                                           "callback from another issuer (iss mismatch)");
        return CallbackCheck::Rejected;
    }
    if (!params.value(QStringLiteral("error")).isEmpty())
        return CallbackCheck::Denied;
    if (params.value(QStringLiteral("code")).isEmpty()) {
        *why = QCoreApplication::translate("LoopbackReplyHandler", "callback without a code");
        return CallbackCheck::Rejected;
    }
    return CallbackCheck::Accepted;
}

} // namespace astro
