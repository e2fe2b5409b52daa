#include "AstroPlatform.h"

#include "core/DisplayText.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace astro {
namespace {

QUrl endpoint(const QJsonObject& doc, const char* field, const QUrl& fallback)
{
    const QUrl u(doc.value(QLatin1String(field)).toString());
    return u.isValid() && !u.isRelative() ? u : fallback;
}

// Only https, or http to a loopback host, may carry credentials.
bool safeEndpoint(const QUrl& u)
{
    if (u.isEmpty())
        return true;
    if (u.scheme() == QLatin1String("https"))
        return true;
    const QString h = u.host();
    return u.scheme() == QLatin1String("http") &&
           (h == QLatin1String("localhost") || h == QLatin1String("127.0.0.1") ||
            h == QLatin1String("::1"));
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

Error AstroPlatform::describeFailure(const HttpResponse& r, const QString& what) const
{
    if (r.untrustworthy) // a redirect or an oversized answer: the server is misbehaving
        return Error::make(ExitNetwork,
                           QCoreApplication::translate(
                               "AstroPlatform", "Could not %1: %2. Nothing was stored. Contact "
                                                "Astronomer Support if this persists.")
                               .arg(what, r.errorString));
    if (r.transportError)
        return Error::make(
            ExitNetwork,
            QCoreApplication::translate(
                "AstroPlatform", "Cannot reach %1 to %2: %3. Check your network and the domain "
                                 "(%4).")
                .arg(m_domain.platformBase().host(), what, r.errorString, m_domain.name()));
    if (r.status == 401 || r.status == 403)
        return Error::make(
            ExitAuthFailed,
            QCoreApplication::translate(
                "AstroPlatform",
                "The server refused the token while trying to %1 (HTTP %2): it is invalid, "
                "expired or revoked. Run 'astro login' to authenticate again.")
                .arg(what)
                .arg(r.status));
    return Error::make(ExitNetwork,
                       QCoreApplication::translate(
                           "AstroPlatform",
                           "Could not %1: the server answered HTTP %2. Try again or contact "
                           "Astronomer Support.")
                           .arg(what)
                           .arg(r.status));
}

Error AstroPlatform::fetchAuthConfig(AuthConfig* out) const
{
    const HttpResponse r = m_http.get(m_domain.authConfigUrl());
    if (!r.isSuccess())
        return describeFailure(
            r, QCoreApplication::translate("AstroPlatform", "fetch the login configuration of %1")
                   .arg(m_domain.name()));
    const QJsonObject o = r.json();
    AuthConfig c;
    c.clientId = o.value(QStringLiteral("clientId")).toString();
    c.audience = o.value(QStringLiteral("audience")).toString();
    QString base = o.value(QStringLiteral("domainUrl")).toString();
    if (!base.endsWith(QLatin1Char('/')))
        base += QLatin1Char('/');
    c.domainUrl = QUrl(base);
    if (c.clientId.isEmpty() || !c.domainUrl.isValid() || c.domainUrl.isRelative() ||
        !safeEndpoint(c.domainUrl))
        return Error::make(ExitNetwork,
                           QCoreApplication::translate(
                               "AstroPlatform",
                               "The login configuration of %1 is incomplete or unsafe. Try "
                               "again or contact Astronomer Support.")
                               .arg(m_domain.name()));
    *out = c;
    return Error::none();
}

Error AstroPlatform::discover(const AuthConfig& config, OidcEndpoints* out) const
{
    OidcEndpoints e;
    const QUrl base = config.domainUrl;
    e.authorization = base.resolved(QUrl(QStringLiteral("authorize")));
    e.token = base.resolved(QUrl(QStringLiteral("oauth/token")));
    e.userinfo = base.resolved(QUrl(QStringLiteral("userinfo")));
    e.revocation = base.resolved(QUrl(QStringLiteral("oauth/revoke")));

    const HttpResponse r =
        m_http.get(base.resolved(QUrl(QStringLiteral(".well-known/openid-configuration"))));
    if (r.transportError)
        return describeFailure(
            r, QCoreApplication::translate("AstroPlatform", "reach the identity provider"));
    const QJsonObject doc = r.json();
    if (r.isSuccess() && !doc.isEmpty()) {
        e.discovered = true;
        e.issuer = doc.value(QStringLiteral("issuer")).toString();
        if (!sameIssuer(e.issuer, base))
            return Error::make(
                ExitNetwork,
                QCoreApplication::translate(
                    "AstroPlatform",
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
                                   "AstroPlatform",
                                   "The identity provider of %1 advertises an endpoint that is "
                                   "not https (%2); refusing to send credentials to it.")
                                   .arg(m_domain.name(), u.toString(QUrl::RemoveQuery)));
    }
    *out = e;
    return Error::none();
}

Error AstroPlatform::userInfo(const OidcEndpoints& endpoints, const QString& accessToken,
                              UserInfo* out) const
{
    const HttpResponse r = m_http.get(endpoints.userinfo, accessToken);
    if (!r.isSuccess())
        return describeFailure(
            r, QCoreApplication::translate("AstroPlatform", "retrieve the user's identity"));
    const QJsonObject o = r.json();
    UserInfo u;
    u.subject = o.value(QStringLiteral("sub")).toString();
    u.email = displaySafeLine(o.value(QStringLiteral("email")).toString().left(320));
    u.name = displaySafeLine(o.value(QStringLiteral("name")).toString().left(200));
    if (u.email.isEmpty())
        return Error::make(
            ExitAuthFailed,
            QCoreApplication::translate("AstroPlatform",
                                        "cannot retrieve email: the identity provider returned no "
                                        "email for this token."));
    *out = u;
    return Error::none();
}

Error AstroPlatform::platformGet(const QString& path, const QString& accessToken,
                                 QJsonObject* out) const
{
    const HttpResponse r = m_http.get(m_domain.platformBase().resolved(QUrl(path)), accessToken);
    if (!r.isSuccess())
        return describeFailure(
            r, QCoreApplication::translate("AstroPlatform", "call the Astro API (%1)")
                   .arg(QUrl(path).path()));
    *out = r.json();
    return Error::none();
}

Error AstroPlatform::selfUser(const QString& accessToken) const
{
    QJsonObject o;
    return platformGet(QStringLiteral("v1/users/self?createIfNotExist=true"), accessToken, &o);
}

Error AstroPlatform::organizations(const QString& accessToken, QList<Organization>* out) const
{
    QJsonObject o;
    if (Error e = platformGet(QStringLiteral("v1/organizations?limit=100"), accessToken, &o))
        return e;
    out->clear();
    for (const QJsonValue v : o.value(QStringLiteral("organizations")).toArray()) {
        const QJsonObject org = v.toObject();
        Organization item{org.value(QStringLiteral("id")).toString(),
                          displaySafeLine(org.value(QStringLiteral("name")).toString().left(200)),
                          org.value(QStringLiteral("product")).toString()};
        if (!item.id.isEmpty())
            out->append(item);
    }
    return Error::none();
}

Error AstroPlatform::workspaces(const QString& accessToken, const QString& organizationId,
                                QList<Workspace>* out) const
{
    QJsonObject o;
    const QString id = QString::fromLatin1(QUrl::toPercentEncoding(organizationId));
    if (Error e =
            platformGet(QStringLiteral("v1/organizations/%1/workspaces").arg(id), accessToken, &o))
        return e;
    out->clear();
    for (const QJsonValue v : o.value(QStringLiteral("workspaces")).toArray()) {
        const QJsonObject w = v.toObject();
        Workspace item{w.value(QStringLiteral("id")).toString(),
                       displaySafeLine(w.value(QStringLiteral("name")).toString().left(200))};
        if (!item.id.isEmpty())
            out->append(item);
    }
    return Error::none();
}

Error AstroPlatform::revoke(const OidcEndpoints& endpoints, const AuthConfig& config,
                            const QString& token, const QString& hint) const
{
    if (endpoints.revocation.isEmpty())
        return Error::make(ExitNetwork,
                           QCoreApplication::translate("AstroPlatform",
                                                       "the server offers no revocation endpoint"));
    const HttpResponse r =
        m_http.postForm(endpoints.revocation, {{QStringLiteral("token"), token},
                                               {QStringLiteral("token_type_hint"), hint},
                                               {QStringLiteral("client_id"), config.clientId}});
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

} // namespace astro
