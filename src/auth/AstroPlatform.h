#pragma once

#include "Http.h"
#include "core/Domain.h"
#include "core/Error.h"

#include <QList>
#include <QString>
#include <QUrl>

namespace astro {

// What GET <platform>/private/v1alpha1/cli/auth-config says.
struct AuthConfig
{
    QString clientId;
    QString audience;
    QUrl domainUrl; // ends with "/"
};

// The identity provider's endpoints, from discovery or astro's Auth0 defaults.
struct OidcEndpoints
{
    QString issuer; // empty when discovery was not available
    QUrl authorization;
    QUrl token;
    QUrl userinfo;
    QUrl revocation;          // may be empty: no revocation offered
    QUrl deviceAuthorization; // may be empty
    bool discovered = false;
    // RFC 9207: the server always adds `iss` to its authorization responses.
    bool issParameterSupported = false;
};

struct UserInfo
{
    QString subject;
    QString email;
    QString name;
};

struct Organization
{
    QString id;
    QString name;
    QString product;
};

struct Workspace
{
    QString id;
    QString name;
};

// Talks to one Astro domain: its platform API and its identity provider.
class AstroPlatform
{
public:
    AstroPlatform(const Http& http, Domain domain) : m_http(http), m_domain(std::move(domain)) {}

    Error fetchAuthConfig(AuthConfig* out) const;
    // Reads <domainUrl>.well-known/openid-configuration; without one, uses Auth0's paths.
    // A discovered issuer must be the domainUrl it was fetched from (RFC 8414 §3.3).
    Error discover(const AuthConfig& config, OidcEndpoints* out) const;
    Error userInfo(const OidcEndpoints& endpoints, const QString& accessToken, UserInfo* out) const;
    Error selfUser(const QString& accessToken) const;
    Error organizations(const QString& accessToken, QList<Organization>* out) const;
    Error workspaces(const QString& accessToken, const QString& organizationId,
                     QList<Workspace>* out) const;
    // RFC 7009. `hint` is "access_token" or "refresh_token".
    Error revoke(const OidcEndpoints& endpoints, const AuthConfig& config, const QString& token,
                 const QString& hint) const;

    const Domain& domain() const { return m_domain; }

private:
    Error platformGet(const QString& path, const QString& accessToken, QJsonObject* out) const;
    Error describeFailure(const HttpResponse& r, const QString& what) const;

    Http m_http;
    Domain m_domain;
};

} // namespace astro
