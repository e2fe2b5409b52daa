#include "Domain.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace astro {

namespace {
// astro-cli's CloudDomainRegex and PRPreviewDomainRegex, on a domain already stripped of its
// scheme, trailing "/" and leading "cloud.".
bool isAstroDomain(const QString& name)
{
    static const QRegularExpression astro(
        QStringLiteral(R"(^(pr[0-9]{4,6}\.)?(cloud\.)?astronomer(-(dev|stage|perf))?\.io$)"));
    return astro.match(name).hasMatch();
}
} // namespace

bool Domain::parse(const QString& input, Domain* out, QString* error, Product loopbackProduct)
{
    QString d = input.trimmed().toLower();
    if (d.isEmpty())
        d = QString::fromLatin1(kDefault);
    for (const char* scheme : {"https://", "http://"}) {
        if (d.startsWith(QLatin1String(scheme)))
            d = d.mid(int(qstrlen(scheme)));
    }
    while (d.endsWith(QLatin1Char('/')))
        d.chop(1);
    if (d.startsWith(QLatin1String("cloud.")))
        d = d.mid(6);

    static const QRegularExpression valid(QStringLiteral(
        R"(^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?$)"));
    if (!valid.match(d).hasMatch()) {
        if (error)
            *error = QCoreApplication::translate(
                         "Domain", "Invalid domain \"%1\". Give a domain such as astronomer.io, "
                                   "or localhost:PORT for a local server.")
                         .arg(input.left(80));
        return false;
    }
    Domain r;
    const int colon = d.indexOf(QLatin1Char(':'));
    r.m_host = colon < 0 ? d : d.left(colon);
    if (colon >= 0) {
        bool ok = false;
        r.m_port = d.mid(colon + 1).toInt(&ok);
        if (!ok || r.m_port < 1 || r.m_port > 65535) {
            if (error)
                *error = QCoreApplication::translate("Domain", "Invalid port in domain \"%1\".")
                             .arg(input.left(80));
            return false;
        }
    }
    r.m_loopback = r.m_host == QLatin1String("localhost") || r.m_host == QLatin1String("127.0.0.1");
    if (!r.m_loopback && colon >= 0) {
        if (error)
            *error = QCoreApplication::translate(
                "Domain", "A port is only allowed on a local domain (localhost or 127.0.0.1).");
        return false;
    }
    r.m_name = d;
    if (r.m_loopback)
        r.m_product = loopbackProduct;
    else
        r.m_product = isAstroDomain(d) ? Product::Astro : Product::Apc;
    *out = r;
    return true;
}

QUrl Domain::serviceUrl(const char* subdomain, const char* path) const
{
    QUrl u;
    if (m_loopback) {
        u.setScheme(QStringLiteral("http"));
        u.setHost(m_host);
        u.setPort(m_port > 0 ? m_port : 8888);
    } else {
        u.setScheme(QStringLiteral("https"));
        u.setHost(QLatin1String(subdomain) + m_host);
    }
    u.setPath(QLatin1String(path));
    return u;
}

QUrl Domain::platformBase() const
{
    return serviceUrl("api.", "/");
}

QUrl Domain::authConfigUrl() const
{
    return platformBase().resolved(QUrl(QStringLiteral("private/v1alpha1/cli/auth-config")));
}

QUrl Domain::apcUrl(const char* subdomain, const char* path) const
{
    if (m_product != Product::Apc)
        return QUrl();
    return serviceUrl(subdomain, path);
}

QUrl Domain::houstonUrl() const
{
    return apcUrl("houston.", "/v1");
}

QUrl Domain::tokenPageUrl() const
{
    return apcUrl("app.", "/token");
}

QString Domain::loginCommand() const
{
    QString command = QStringLiteral("astro login ") + m_name;
    if (m_loopback && isApc())
        command += QStringLiteral(" --apc");
    return command;
}

QString Domain::contextKey() const
{
    QString k = m_name;
    k.replace(QLatin1Char('.'), QLatin1Char('_'));
    return k;
}

} // namespace astro
