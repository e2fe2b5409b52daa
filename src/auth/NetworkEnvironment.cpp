#include "NetworkEnvironment.h"

#include "core/SafeFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QSslConfiguration>

namespace astro {
namespace {

// Texts of this file for Qt Linguist (context "NetworkEnvironment").
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(NetworkEnvironment)
};

// The first of NAME (upper case) and name (lower case) that is set and not empty.
QString variable(const QProcessEnvironment& env, const QString& upper, QString* which)
{
    for (const QString& name : {upper, upper.toLower()}) {
        const QString v = env.value(name).trimmed();
        if (!v.isEmpty()) {
            *which = name;
            return v;
        }
    }
    return {};
}

bool isLoopback(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
        host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive))
        return true;
    const QHostAddress a(host);
    return !a.isNull() && a.isLoopback();
}

} // namespace

bool noProxyMatches(const QString& host, int port, const QString& noProxyList)
{
    const QString h = host.toLower();
    const QHostAddress address(h);
    for (QString entry : noProxyList.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        entry = entry.trimmed().toLower();
        if (entry.isEmpty())
            continue;
        if (entry == QLatin1String("*"))
            return true;
        // An optional :PORT (not for a bare IPv6 address; [v6]:port is accepted).
        int entryPort = -1;
        if (entry.startsWith(QLatin1Char('['))) {
            const int close = entry.indexOf(QLatin1Char(']'));
            if (close > 0) {
                if (entry.mid(close + 1).startsWith(QLatin1Char(':')))
                    entryPort = entry.mid(close + 2).toInt();
                entry = entry.mid(1, close - 1);
            }
        } else if (entry.count(QLatin1Char(':')) == 1) {
            const int colon = entry.indexOf(QLatin1Char(':'));
            bool ok = false;
            const int p = entry.mid(colon + 1).toInt(&ok);
            if (ok) {
                entryPort = p;
                entry = entry.left(colon);
            }
        }
        if (entryPort > 0 && entryPort != port)
            continue;
        if (!address.isNull()) {
            if (entry.contains(QLatin1Char('/'))) {
                const auto subnet = QHostAddress::parseSubnet(entry);
                if (subnet.second >= 0 && address.isInSubnet(subnet))
                    return true;
            } else if (QHostAddress(entry) == address) {
                return true;
            }
            continue;
        }
        if (entry.startsWith(QLatin1Char('.')))
            entry = entry.mid(1);
        if (h == entry || h.endsWith(QLatin1Char('.') + entry))
            return true;
    }
    return false;
}

ProxyChoice proxyFor(const QUrl& url, const QProcessEnvironment& env)
{
    ProxyChoice c;
    const QString host = url.host();
    if (host.isEmpty() || isLoopback(host))
        return c;
    QString which;
    const QString noProxy = variable(env, QStringLiteral("NO_PROXY"), &which);
    const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    if (!noProxy.isEmpty() && noProxyMatches(host, port, noProxy))
        return c;
    QString value = variable(env,
                             url.scheme() == QLatin1String("https") ? QStringLiteral("HTTPS_PROXY")
                                                                    : QStringLiteral("HTTP_PROXY"),
                             &which);
    if (value.isEmpty())
        value = variable(env, QStringLiteral("ALL_PROXY"), &which);
    if (value.isEmpty())
        return c;
    if (!value.contains(QLatin1String("://")))
        value.prepend(QLatin1String("http://"));
    const QUrl p(value, QUrl::StrictMode);
    const QString scheme = p.scheme().toLower();
    QNetworkProxy proxy;
    if (scheme == QLatin1String("http"))
        proxy.setType(QNetworkProxy::HttpProxy);
    else if (scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h"))
        proxy.setType(QNetworkProxy::Socks5Proxy);
    c.variable = which;
    if (!p.isValid() || p.host().isEmpty() || proxy.type() == QNetworkProxy::DefaultProxy) {
        c.problem = Text::tr("the proxy in %1 is not one astro can use (it takes http://HOST:PORT "
                             "or socks5://HOST:PORT)")
                        .arg(which);
        c.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        return c;
    }
    proxy.setHostName(p.host());
    proxy.setPort(quint16(p.port(proxy.type() == QNetworkProxy::HttpProxy ? 80 : 1080)));
    if (!p.userName().isEmpty()) {
        proxy.setUser(p.userName(QUrl::FullyDecoded));
        proxy.setPassword(p.password(QUrl::FullyDecoded));
    }
    c.proxy = proxy;
    c.display = QStringLiteral("%1://%2:%3").arg(scheme, p.host()).arg(proxy.port());
    return c;
}

QList<QNetworkProxy> EnvironmentProxyFactory::queryProxy(const QNetworkProxyQuery& query)
{
    return {proxyFor(query.url(), m_env).proxy};
}

TrustedCas trustedCas(const QProcessEnvironment& env)
{
    TrustedCas t;
    auto readBundle = [&t](const QString& name, const QString& path) {
        // Bounded, and never a FIFO or a device (which could hang or exhaust memory).
        QByteArray pem;
        QString why;
        switch (readBoundedFile(path, 16 * 1024 * 1024, &pem, &why)) {
        case ReadStatus::Ok:
            break;
        case ReadStatus::Missing:
            t.problem = Text::tr("%1=%2: no such file").arg(name, path);
            return false;
        case ReadStatus::TooLarge:
            t.problem = Text::tr("%1=%2 is larger than 16 MiB: not a CA bundle").arg(name, path);
            return false;
        case ReadStatus::Failed:
            t.problem = Text::tr("%1=%2 cannot be read: %3").arg(name, path, why);
            return false;
        }
        const QList<QSslCertificate> certs = QSslCertificate::fromData(pem, QSsl::Pem);
        if (certs.isEmpty()) {
            t.problem = Text::tr("%1=%2 holds no PEM certificate").arg(name, path);
            return false;
        }
        t.certificates += certs;
        return true;
    };
    const QString file = env.value(QStringLiteral("SSL_CERT_FILE"));
    const QString dirs = env.value(QStringLiteral("SSL_CERT_DIR"));
    if (!file.isEmpty()) {
        t.custom = true;
        if (!readBundle(QStringLiteral("SSL_CERT_FILE"), file))
            return t;
    }
    if (!dirs.isEmpty()) {
        t.custom = true;
        for (const QString& dir : dirs.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
            const QDir d(dir);
            if (!d.exists()) {
                t.problem = Text::tr("SSL_CERT_DIR names %1, which is not a directory").arg(dir);
                return t;
            }
            for (const QString& name : d.entryList(QDir::Files | QDir::Readable)) {
                QByteArray pem;
                QString ignored;
                if (readBoundedFile(d.filePath(name), 1024 * 1024, &pem, &ignored) ==
                    ReadStatus::Ok)
                    t.certificates += QSslCertificate::fromData(pem, QSsl::Pem);
            }
        }
    }
    if (t.custom && t.certificates.isEmpty() && t.problem.isEmpty())
        t.problem = Text::tr("SSL_CERT_FILE/SSL_CERT_DIR hold no PEM certificate");
    const QString extra = env.value(QStringLiteral("ASTRO_CA_FILE"));
    if (!extra.isEmpty()) {
        if (!t.custom)
            t.certificates = QSslConfiguration::systemCaCertificates();
        t.custom = true;
        readBundle(QStringLiteral("ASTRO_CA_FILE"), extra);
    }
    return t;
}

} // namespace astro
