#include "LoginCore.h"

#include "SaveLogin.h"
#include "auth/TokenLogin.h"

#include <QCoreApplication>

namespace astro {

LoginCore::LoginCore(Services& services, Domain domain)
    : m_services(services), m_domain(std::move(domain)), m_http(services.network()),
      m_platform(m_http, m_domain), m_idp(m_http, m_domain)
{
}

Error LoginCore::prepare()
{
    if (m_domain.isApc()) // OAuth providers send the user back to the token page
        return HoustonClient(m_http, m_domain)
            .authConfig(m_domain.tokenPageUrl().toString(), &m_houstonConfig);
    return m_idp.connect();
}

Error LoginCore::checkToken(const QString& token, LoginOutcome* out) const
{
    if (m_domain.isApc())
        return checkHoustonToken(token, out);
    LoginResult r;
    if (Error e = tokenLogin(m_idp, token, m_services.now(), &r))
        return e;
    out->credentials = r.credentials;
    out->email = r.user.email;
    out->fromToken = true;
    out->expiryFromToken = r.expiryFromToken;
    return Error::none();
}

LoginOutcome LoginCore::apcOutcome(const QString& token, const HoustonUser& user,
                                   bool fromToken) const
{
    LoginOutcome o;
    o.credentials.accessToken = token;
    o.credentials.expiresAt = HoustonClient::tokenExpiry(token);
    o.credentials.obtainedAt = m_services.now();
    o.credentials.product = Product::Apc; // no refresh token: Houston issues none
    o.email = user.username;
    o.fromToken = fromToken;
    o.expiryFromToken = o.credentials.expiresAt.isValid();
    return o;
}

Error LoginCore::checkHoustonToken(const QString& token, LoginOutcome* out) const
{
    // An expired token is refused here, before it reaches Houston.
    const QDateTime expiry = HoustonClient::tokenExpiry(token);
    if (expiry.isValid() && expiry <= m_services.now())
        return Error::make(ExitAuthFailed,
                           QCoreApplication::translate(
                               "Houston", "Your token has expired. Please log in again: run "
                                          "'%1'.")
                               .arg(m_domain.loginCommand()));
    HoustonUser user;
    if (Error e = HoustonClient(m_http, m_domain).self(token, &user))
        return e;
    *out = apcOutcome(token, user, true);
    return Error::none();
}

Error LoginCore::passwordLogin(const QString& identity, const QString& password,
                               LoginOutcome* out) const
{
    HoustonToken t;
    if (Error e = HoustonClient(m_http, m_domain).createBasicToken(identity, password, &t))
        return e;
    *out = apcOutcome(t.value, t.user, false);
    return Error::none();
}

Error LoginCore::identify(const Credentials& credentials, LoginOutcome* out) const
{
    UserInfo user;
    if (Error e = m_idp.userInfo(credentials.accessToken, &user))
        return e;
    out->credentials = credentials;
    out->email = user.email;
    out->fromToken = false;
    out->expiryFromToken = true;
    return Error::none();
}

Error LoginCore::loadSession(const Config& config, const LoginOutcome& outcome,
                             SessionInfo* out) const
{
    if (m_domain.isApc()) {
        QList<HoustonWorkspace> found;
        if (Error e =
                HoustonClient(m_http, m_domain).workspaces(outcome.credentials.accessToken, &found))
            return e;
        QList<Workspace> workspaces;
        for (const HoustonWorkspace& w : found)
            workspaces.append(Workspace{w.id, w.label});
        *out = SessionInfo();
        chooseWorkspace(workspaces, config.context(m_domain.contextKey()).lastUsedWorkspace, out);
        return Error::none();
    }
    return loadSessionFor(m_platform, config, m_domain, outcome.credentials, out);
}

Error LoginCore::save(CredentialStore* store, const LoginOutcome& outcome,
                      const SessionInfo& session) const
{
    return saveLogin(m_services, m_domain, store, outcome.credentials, outcome.email, session);
}

void LoginSession::finish(const Error& error, const LoginOutcome& outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    m_outcome = outcome;
    Q_EMIT finished();
}

} // namespace astro
