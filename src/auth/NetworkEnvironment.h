#pragma once

#include <QList>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QProcessEnvironment>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

namespace astro {

// The proxy for one URL, from the environment as curl and Go read it:
//   https: HTTPS_PROXY, https_proxy, then ALL_PROXY, all_proxy
//   http:  HTTP_PROXY, http_proxy, then ALL_PROXY, all_proxy
// (upper case first, as Go does; Qt alone reads only the lower-case ones). NO_PROXY/no_proxy
// lists hosts reached directly: "*", a host name (its subdomains too; a leading "." is
// allowed), an IP address or a CIDR range, each optionally with ":PORT". Loopback hosts
// (localhost, 127.0.0.0/8, ::1) are never proxied. A proxy URL is http://, socks5:// or
// socks5h:// (scheme optional: http), with optional user:password.
struct ProxyChoice
{
    QNetworkProxy proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    QString variable; // where it came from ("HTTPS_PROXY"); empty: direct
    QString display;  // the proxy without its password: "http://proxy.corp:3128"
    QString problem;  // the variable's value cannot be used (unknown scheme, no host)
    bool direct() const { return proxy.type() == QNetworkProxy::NoProxy; }
};
ProxyChoice proxyFor(const QUrl& url, const QProcessEnvironment& env);
bool noProxyMatches(const QString& host, int port, const QString& noProxyList);

// Applies proxyFor() to every request of the network manager it is set on.
class EnvironmentProxyFactory : public QNetworkProxyFactory
{
public:
    explicit EnvironmentProxyFactory(QProcessEnvironment env) : m_env(std::move(env)) {}
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query) override;

private:
    QProcessEnvironment m_env;
};

// The certificate authorities to trust, as OpenSSL reads the environment: SSL_CERT_FILE (a
// PEM bundle) and SSL_CERT_DIR (directories of PEM files, ':'-separated) replace the
// system's; ASTRO_CA_FILE adds a bundle for astro alone (a company CA). *custom is false
// when none is set (the system's CAs, as Qt finds them). A file that cannot be read, or
// holds no certificate, is an error naming the variable.
struct TrustedCas
{
    bool custom = false;
    QList<QSslCertificate> certificates;
    QString problem;
};
TrustedCas trustedCas(const QProcessEnvironment& env);

} // namespace astro
