#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace astro {

// The pure rules of the loopback callback, shared by the listener (a browser's request) and
// the paste-back path (an address the user pasted). No sockets, no state between calls.

// The request line and headers of one request (everything before the blank line).
struct RequestHead
{
    QByteArray method, target, host;
    QString problem; // why it was refused
};
// One request line ("GET /path HTTP/1.x") and well-formed headers with exactly one Host.
bool parseRequestHead(const QByteArray& head, RequestHead* out);

// Parses an application/x-www-form-urlencoded query ("+" is a space, %XX decoded); the
// first occurrence of a key wins.
QHash<QString, QString> parseQuery(const QByteArray& query);
bool constantTimeEquals(const QByteArray& a, const QByteArray& b);

// What this login expects of its callback.
struct ExpectedCallback
{
    QByteArray state;            // ours, fresh for each attempt
    QString issuer;              // the discovered issuer, when known
    bool issuerRequired = false; // RFC 9207: the server always sends `iss`
};
enum class CallbackCheck {
    Accepted, // a code for this login
    Denied,   // error= with the right state: the user (or the server) refused
    Rejected, // not for this login (*why says why; no values in it)
};
// The state first (for errors too, RFC 6749 §10.12), then `iss` (RFC 9207), then the code.
CallbackCheck judgeCallback(const QHash<QString, QString>& params, const ExpectedCallback& expected,
                            QString* why);

} // namespace astro
