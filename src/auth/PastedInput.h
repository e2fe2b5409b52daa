#pragma once

#include <QHash>
#include <QString>

namespace astro {

// What a user pasted at the --login-link prompt: the address the browser ended on (or
// just its query), a token, or something else. Only a JWT (three base64url parts, the
// first two JSON objects) counts as a token; any other word is Invalid and must never be
// sent anywhere.
struct PastedInput
{
    enum class Kind { Callback, Token, Invalid } kind = Kind::Invalid;
    QHash<QString, QString> params; // Callback: decoded query parameters
    QString token;                  // Token
    QString problem;                // Invalid: what to tell the user
};

PastedInput classifyPaste(const QString& text);

// A paste without the blanks around it and the quotes a terminal or a chat window adds
// ("…", '…', <…>, nested too): what classifyPaste looks at, and what every token prompt reads.
QString unquotePaste(const QString& text);

} // namespace astro
