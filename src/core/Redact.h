#pragma once

#include <QString>
#include <QUrl>

namespace astro {

// For logs and messages: a URL with every secret-bearing query parameter masked
// (code, state, code_verifier, access_token, refresh_token, id_token, token, ...).
QString redactUrl(const QUrl& url);

// For a log line of unknown content (Qt's own messages): JWTs, "Bearer ..." values, and the
// values of secret-bearing parameters (key=value, "key":"value") become REDACTED.
QString redactSecrets(const QString& text);

} // namespace astro
