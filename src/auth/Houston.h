#pragma once

#include "Http.h"
#include "core/Domain.h"
#include "core/Error.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

namespace astro {

// Astro Private Cloud (APC, formerly Astronomer Software): its Houston GraphQL API, as
// astro-cli's login uses it (houston/auth.go, app.go, workspace.go). Every request is a POST
// to Domain::houstonUrl() through Http (bounded, no redirects, proxies honoured). The token is
// Houston's raw JWT, sent as `authorization: <token>` (no "Bearer "). Nothing here logs a
// request or a response body: the password and the token reach nothing but the request.
//
// Errors: a transport failure is ExitNetwork; Houston's GraphQL `errors[0].message` is shown
// through displaySafeLine. "You do not have the appropriate permissions for that" and
// AUTH_TOKEN_REFRESH_FAILED mean Houston no longer accepts the token: ExitAuthFailed, "Your
// token has expired. Please log in again" when its `exp` has passed, else "Houston ... did not
// accept the token"; both name the command that logs in again (Domain::loginCommand). A token
// that is not a JWT is never sent: ExitAuthFailed, "The token is malformed". A failed
// createToken is ExitAuthFailed, "local auth login failed: <message>".

struct HoustonAuthProvider
{
    QString name;        // display-safe
    QString displayName; // display-safe
    QUrl url;
};

struct HoustonAuthConfig
{
    bool localEnabled = false;
    bool publicSignup = false;
    bool initialSignup = false;
    QList<HoustonAuthProvider> providers; // empty: OAuth is disabled
};

struct HoustonUser // every field display-safe
{
    QString id;
    QString fullName;
    QString username;
    QString status;
};

struct HoustonToken
{
    QString value;       // the raw JWT: a secret
    QDateTime expiresAt; // UTC, from the JWT's `exp`; invalid when it has none
    HoustonUser user;
};

struct HoustonWorkspace // every field display-safe
{
    QString id;
    QString label;
    QString description;
};

class HoustonClient
{
public:
    HoustonClient(const Http& http, Domain domain) : m_http(http), m_domain(std::move(domain)) {}

    // query GetAuthConfig($redirect: String) { authConfig(redirect: $redirect) {...} }, without a
    // token. `redirect` may be empty (sent as null).
    Error authConfig(const QString& redirect, HoustonAuthConfig* out) const;
    // mutation createBasicToken: local auth with a username (or email) and a password.
    Error createBasicToken(const QString& identity, const QString& password,
                           HoustonToken* out) const;
    // query { self { user {...} } }: whose token this is (checks a pasted or stored token).
    Error self(const QString& token, HoustonUser* out) const;
    // query AppConfig { appConfig { version } }, without a token (astro-cli's
    // HoustonVersionQuery).
    Error version(QString* out) const;
    // The user's workspaces: asks Houston's version, then `paginatedWorkspaces(take: pageSize,
    // pageNumber: 0)` where it is offered (0.30 and later), else `workspaces`.
    Error workspaces(const QString& token, QList<HoustonWorkspace>* out, int pageSize = 100) const;
    // The same, without asking the version again.
    Error workspaces(const QString& token, bool paginated, int pageSize,
                     QList<HoustonWorkspace>* out) const;

    // Houston >= 0.30.0 (astro-cli's VersionRestrictions{GTE: "0.30.0"}): "v" and a pre-release
    // suffix are ignored; a version that does not parse is taken as older.
    static bool offersPaginatedWorkspaces(const QString& version);
    // The JWT's `exp` (src/core/Jwt.h), UTC; invalid when there is none.
    static QDateTime tokenExpiry(const QString& token);
    // A token that can go into a header: 1..16384 visible ASCII characters. Anything else
    // (a pasted line with a space, a control character) is never sent.
    static bool isWellFormedToken(const QString& token);
    // A well-formed token that is a JWT (Houston's tokens are): what self() and workspaces()
    // send; anything else is malformedToken(domain), without a request.
    static bool isHoustonToken(const QString& token);
    static Error malformedToken(const Domain& domain);

    const Domain& domain() const { return m_domain; }

private:
    Error call(const QString& what, const char* document, const QJsonObject& variables,
               const QString& token, QJsonObject* data, QString* graphqlError) const;
    // `token`: the one the request carried (empty for none).
    Error graphqlFailure(const QString& what, const QString& message, const QString& token) const;

    Http m_http;
    Domain m_domain;
};

} // namespace astro
