#include "IdentityProvider.h"

#include "core/DisplayText.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace astro {
namespace {

QUrl endpoint(const QJsonObject& doc, const char* field, const QUrl& fallback)
{
    const QUrl u(doc.value(QLatin1String(field)).toString());
    return u.isValid() && !u.isRelative() ? u : fallback;
}

// RFC 8414 §3.3: the issuer is the URL discovery was fetched from. Auth0 writes it with a
// trailing "/", others without: that one character is not a different issuer.
bool sameIssuer(const QString& issuer, const QUrl& domainUrl)
{
    auto trim = [](QString u) {
        if (u.endsWith(QLatin1Char('/')))
            u.chop(1);
        return u;
    };
    return trim(issuer) == trim(domainUrl.toString());
}

} // namespace

IdentityProvider::IdentityProvider(const Http& http, Domain domain)
    : m_http(http), m_domain(std::move(domain))
{
}

Error IdentityProvider::connect()
{
    AuthConfig config;
    if (Error e = AstroPlatform(m_http, m_domain).fetchAuthConfig(&config))
        return e;
    return discover(config);
}

Error IdentityProvider::discover(const AuthConfig& config)
{
    m_config = config;
    OidcEndpoints e;
    const QUrl base = config.domainUrl;
    e.authorization = base.resolved(QUrl(QStringLiteral("authorize")));
    e.token = base.resolved(QUrl(QStringLiteral("oauth/token")));
    e.userinfo = base.resolved(QUrl(QStringLiteral("userinfo")));
    e.revocation = base.resolved(QUrl(QStringLiteral("oauth/revoke")));

    const HttpResponse r =
        m_http.get(base.resolved(QUrl(QStringLiteral(".well-known/openid-configuration"))));
    if (r.transportError)
        return describeHttpFailure(
            r, m_domain,
            QCoreApplication::translate("IdentityProvider", "reach the identity provider"));
    const QJsonObject doc = r.json();
    if (r.isSuccess() && !doc.isEmpty()) {
        e.discovered = true;
        e.issuer = doc.value(QStringLiteral("issuer")).toString();
        if (!sameIssuer(e.issuer, base))
            return Error::make(
                ExitNetwork,
                QCoreApplication::translate(
                    "IdentityProvider",
                    "The identity provider of %1 names itself \"%2\", not \"%3\" as the login "
                    "configuration says; refusing to log in there (RFC 8414). Contact Astronomer "
                    "Support.")
                    .arg(m_domain.name(), e.issuer.left(200), base.toString()));
        e.issParameterSupported =
            doc.value(QStringLiteral("authorization_response_iss_parameter_supported")).toBool();
        e.authorization = endpoint(doc, "authorization_endpoint", e.authorization);
        e.token = endpoint(doc, "token_endpoint", e.token);
        e.userinfo = endpoint(doc, "userinfo_endpoint", e.userinfo);
        // Discovery is authoritative: no revocation_endpoint means none is offered.
        e.revocation = endpoint(doc, "revocation_endpoint", QUrl());
        e.deviceAuthorization = endpoint(doc, "device_authorization_endpoint", QUrl());
    }
    for (const QUrl& u :
         {e.authorization, e.token, e.userinfo, e.revocation, e.deviceAuthorization}) {
        if (!safeEndpoint(u))
            return Error::make(ExitNetwork,
                               QCoreApplication::translate(
                                   "IdentityProvider",
                                   "The identity provider of %1 advertises an endpoint that is "
                                   "not https (%2); refusing to send credentials to it.")
                                   .arg(m_domain.name(), u.toString(QUrl::RemoveQuery)));
    }
    m_endpoints = e;
    return Error::none();
}

Error IdentityProvider::userInfo(const QString& accessToken, UserInfo* out) const
{
    const HttpResponse r = m_http.get(m_endpoints.userinfo, accessToken);
    if (!r.isSuccess())
        return describeHttpFailure(
            r, m_domain,
            QCoreApplication::translate("IdentityProvider", "retrieve the user's identity"));
    const QJsonObject o = r.json();
    UserInfo u;
    u.subject = o.value(QStringLiteral("sub")).toString();
    u.email = displaySafeLine(o.value(QStringLiteral("email")).toString().left(320));
    u.name = displaySafeLine(o.value(QStringLiteral("name")).toString().left(200));
    if (u.email.isEmpty())
        return Error::make(
            ExitAuthFailed,
            QCoreApplication::translate("IdentityProvider",
                                        "cannot retrieve email: the identity provider returned no "
                                        "email for this token."));
    *out = u;
    return Error::none();
}

Error IdentityProvider::revoke(const QString& token, const QString& hint) const
{
    if (m_endpoints.revocation.isEmpty())
        return Error::make(ExitNetwork,
                           QCoreApplication::translate("IdentityProvider",
                                                       "the server offers no revocation endpoint"));
    const HttpResponse r =
        m_http.postForm(m_endpoints.revocation, {{QStringLiteral("token"), token},
                                                 {QStringLiteral("token_type_hint"), hint},
                                                 {QStringLiteral("client_id"), m_config.clientId}});
    if (r.isSuccess())
        return Error::none();
    if (r.transportError)
        return Error::make(ExitNetwork, r.errorString);
    const QString err = r.json().value(QStringLiteral("error")).toString().left(64);
    return Error::make(ExitNetwork,
                       QStringLiteral("HTTP %1%2")
                           .arg(r.status)
                           .arg(err.isEmpty() ? QString() : QStringLiteral(" ") + err));
}

Error IdentityProvider::refresh(const Credentials& current, const QDateTime& now,
                                Credentials* out) const
{
    const HttpResponse r = m_http.postForm(
        m_endpoints.token, {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                            {QStringLiteral("refresh_token"), current.refreshToken},
                            {QStringLiteral("client_id"), m_config.clientId}});
    Error e = parseTokenReply(r, current, now, out);
    if (e)
        e.message = QCoreApplication::translate("TokenRefresh", "Cannot refresh the token: %1")
                        .arg(e.message);
    return e;
}

HttpResponse IdentityProvider::requestDeviceCode() const
{
    QList<QPair<QString, QString>> form{
        {QStringLiteral("client_id"), m_config.clientId},
        {QStringLiteral("scope"), QStringLiteral("openid profile email offline_access")}};
    if (!m_config.audience.isEmpty())
        form.append({QStringLiteral("audience"), m_config.audience});
    return m_http.postForm(m_endpoints.deviceAuthorization, form);
}

HttpResponse IdentityProvider::pollDeviceToken(const QString& deviceCode) const
{
    return m_http.postForm(m_endpoints.token,
                           {{QStringLiteral("grant_type"),
                             QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
                            {QStringLiteral("device_code"), deviceCode},
                            {QStringLiteral("client_id"), m_config.clientId}});
}

} // namespace astro
