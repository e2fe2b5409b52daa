#include "AstroPlatform.h"

#include "core/DisplayText.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace astro {
namespace {

} // namespace

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

namespace {

} // namespace

Error describeHttpFailure(const HttpResponse& r, const Domain& domain, const QString& what)
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
                .arg(domain.platformBase().host(), what, r.errorString, domain.name()));
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
        return describeHttpFailure(
            r, m_domain,
            QCoreApplication::translate("AstroPlatform", "fetch the login configuration of %1")
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

Error AstroPlatform::platformGet(const QString& path, const QString& accessToken,
                                 QJsonObject* out) const
{
    const HttpResponse r = m_http.get(m_domain.platformBase().resolved(QUrl(path)), accessToken);
    if (!r.isSuccess())
        return describeHttpFailure(
            r, m_domain,
            QCoreApplication::translate("AstroPlatform", "call the Astro API (%1)")
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

} // namespace astro
