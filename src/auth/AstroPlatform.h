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

// Only https, or http to a loopback host, may carry credentials.
bool safeEndpoint(const QUrl& u);
// One clear message for a failed request to `domain` while trying to do `what`.
Error describeHttpFailure(const HttpResponse& r, const Domain& domain, const QString& what);

// Talks to the Astro API of one domain (its identity provider is IdentityProvider).
class AstroPlatform
{
public:
    AstroPlatform(const Http& http, Domain domain) : m_http(http), m_domain(std::move(domain)) {}

    // GET <platform>/private/v1alpha1/cli/auth-config: where and as whom to log in.
    Error fetchAuthConfig(AuthConfig* out) const;
    Error selfUser(const QString& accessToken) const;
    Error organizations(const QString& accessToken, QList<Organization>* out) const;
    Error workspaces(const QString& accessToken, const QString& organizationId,
                     QList<Workspace>* out) const;

    const Domain& domain() const { return m_domain; }

private:
    Error platformGet(const QString& path, const QString& accessToken, QJsonObject* out) const;

    Http m_http;
    Domain m_domain;
};

} // namespace astro
