#pragma once

#include "auth/AstroPlatform.h"
#include "auth/Houston.h"
#include "auth/IdentityProvider.h"
#include "auth/Session.h"
#include "cli/Services.h"
#include "core/Credentials.h"
#include "core/Domain.h"

#include <QObject>
#include <memory>

namespace astro {

// What a login flow ends with, before anything is saved.
struct LoginOutcome
{
    Credentials credentials;
    QString email;
    bool fromToken = false;      // a token given or pasted: it does not refresh
    bool expiryFromToken = true; // false: the token carries no expiry (one hour assumed)
};

// One login to one domain, shared by `astro login` and the login window (which only
// present it): the domain's login configuration and discovery (once), the checks that turn
// a flow's result into an outcome, and the finish (organization, workspace, save with
// rollback). It neither prints nor prompts. On an Astro Private Cloud domain (Domain::isApc)
// the same steps talk to Houston: its authConfig instead of discovery, `self` to check a
// token, its workspaces (no organization); the raw Houston JWT is stored with product apc.
class LoginCore
{
public:
    LoginCore(Services& services, Domain domain);

    // GET auth-config, then discovery (APC: Houston's authConfig). Everything below needs it.
    Error prepare();

    const Domain& domain() const { return m_domain; }
    const AstroPlatform& platform() const { return m_platform; }
    const Http& http() const { return m_http; }
    const IdentityProvider& identityProvider() const { return m_idp; }
    bool offersDeviceCode() const { return m_idp.offersDeviceCode(); }
    // APC only: how Houston lets users log in (local auth, OAuth providers).
    const HoustonAuthConfig& houstonConfig() const { return m_houstonConfig; }
    QDateTime now() const { return m_services.now(); }

    // A token given with --token-login or pasted: its expiry, and who it belongs to
    // (userinfo; APC: Houston's `self`). A rejected or expired token is ExitAuthFailed.
    Error checkToken(const QString& token, LoginOutcome* out) const;
    // APC only: local auth (createBasicToken) with a username or email and a password.
    Error passwordLogin(const QString& identity, const QString& password, LoginOutcome* out) const;
    // Credentials from the browser or the device flow: who they belong to.
    Error identify(const Credentials& credentials, LoginOutcome* out) const;
    // The organization and the workspace: the context's previous ones when still there.
    Error loadSession(const Config& config, const LoginOutcome& outcome, SessionInfo* out) const;
    // Stores the secret and switches the context (saveLogin: locked, rolled back when the
    // config cannot be written).
    Error save(CredentialStore* store, const LoginOutcome& outcome,
               const SessionInfo& session) const;

private:
    Services& m_services;
    Domain m_domain;
    Http m_http;
    AstroPlatform m_platform;
    IdentityProvider m_idp;
    HoustonAuthConfig m_houstonConfig;

    Error checkHoustonToken(const QString& token, LoginOutcome* out) const;
    LoginOutcome apcOutcome(const QString& token, const HoustonUser& user, bool fromToken) const;
};

// A flow that runs in the event loop (the browser, the device code) and ends once.
class LoginSession : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    bool isFinished() const { return m_finished; }
    Error error() const { return m_error; }
    LoginOutcome outcome() const { return m_outcome; }

Q_SIGNALS:
    void finished();

protected:
    void finish(const Error& error, const LoginOutcome& outcome = LoginOutcome());

private:
    bool m_finished = false;
    Error m_error;
    LoginOutcome m_outcome;
};

} // namespace astro
