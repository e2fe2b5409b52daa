#pragma once

#include "AstroPlatform.h"
#include "TokenResponse.h"
#include "core/Credentials.h"

#include <QDateTime>

namespace astro {

// The identity provider of one Astro domain (Auth0 for astronomer.io, oidc-provider in the
// tests): its endpoints from discovery, and every call to them: userinfo, the token
// endpoint's grants (refresh, device code), device authorization and revocation. (The code
// exchange of the browser login is sent by Qt's flow with these endpoints; its answer is
// read by parseTokenReply.) The Astro API itself is AstroPlatform.
class IdentityProvider
{
public:
    IdentityProvider(const Http& http, Domain domain);

    // The domain's login configuration (from its platform API), then discovery: what every
    // command that talks to the provider does first, once.
    Error connect();
    // Discovery alone, for a login configuration already fetched. Without a discovery
    // document, Auth0's paths under domainUrl; a discovered issuer must be the domainUrl it
    // was fetched from (RFC 8414 §3.3).
    Error discover(const AuthConfig& config);

    const Http& http() const { return m_http; }
    const Domain& domain() const { return m_domain; }
    const AuthConfig& config() const { return m_config; }
    const OidcEndpoints& endpoints() const { return m_endpoints; }
    bool offersDeviceCode() const { return !m_endpoints.deviceAuthorization.isEmpty(); }
    bool offersRevocation() const { return !m_endpoints.revocation.isEmpty(); }

    Error userInfo(const QString& accessToken, UserInfo* out) const;
    // RFC 7009. `hint` is "access_token" or "refresh_token".
    Error revoke(const QString& token, const QString& hint) const;
    // One refresh_token grant. A rotated refresh token replaces the old one (when the server
    // sends none, the old one is kept). invalid_grant means "log in again" (ExitAuthFailed).
    Error refresh(const Credentials& current, const QDateTime& now, Credentials* out) const;
    // RFC 8628: the device authorization request, and one poll of the token endpoint.
    HttpResponse requestDeviceCode() const;
    HttpResponse pollDeviceToken(const QString& deviceCode) const;

private:
    Http m_http;
    Domain m_domain;
    AuthConfig m_config;
    OidcEndpoints m_endpoints;
};

} // namespace astro
