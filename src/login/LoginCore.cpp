#include "LoginCore.h"

#include "SaveLogin.h"
#include "auth/TokenLogin.h"

namespace astro {

LoginCore::LoginCore(Services& services, Domain domain)
    : m_services(services), m_domain(std::move(domain)), m_http(services.network()),
      m_platform(m_http, m_domain), m_idp(m_http, m_domain)
{
}

Error LoginCore::prepare()
{
    return m_idp.connect();
}

Error LoginCore::checkToken(const QString& token, LoginOutcome* out) const
{
    LoginResult r;
    if (Error e = tokenLogin(m_idp, token, m_services.now(), &r))
        return e;
    out->credentials = r.credentials;
    out->email = r.user.email;
    out->fromToken = true;
    out->expiryFromToken = r.expiryFromToken;
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
