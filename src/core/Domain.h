#pragma once

#include "Product.h"

#include <QString>
#include <QUrl>

namespace astro {

// An Astro domain as astro-cli handles it: "astronomer.io" by default, "cloud." prefix,
// scheme and trailing "/" stripped. A loopback domain (localhost or 127.0.0.1 with an
// optional port, 8888 by default) talks plain http to that host and port.
//
// Its product (astro-cli's IsCloudDomain): Astro's own domains
// ((prNNNN.)(cloud.)astronomer(-dev|-stage|-perf).io) are Astro, every other domain is Astro
// Private Cloud (APC). A loopback domain is Astro unless APC is asked for (`--apc`).
class Domain
{
public:
    static constexpr const char* kDefault = "astronomer.io";

    // Normalizes `input`; returns false and sets `error` for something that is not a domain.
    // `loopbackProduct` is the product of a loopback domain (only there does it matter).
    static bool parse(const QString& input, Domain* out, QString* error,
                      Product loopbackProduct = Product::Astro);

    QString name() const { return m_name; }
    bool isLoopback() const { return m_loopback; }
    // Base URL of the platform API: https://api.<domain> or http://<host>:<port>.
    QUrl platformBase() const;
    QUrl authConfigUrl() const;
    // Key of this domain under `contexts:` in config.yaml ("." replaced by "_").
    QString contextKey() const;
    // The command that logs in to this domain again, for a hint: "astro login <domain>", with
    // " --apc" for a loopback APC domain (without it, a loopback domain is Astro).
    QString loginCommand() const;

    Product product() const { return m_product; }
    bool isApc() const { return m_product == Product::Apc; }
    // APC only (empty for Astro): the Houston GraphQL API, https://houston.<domain>/v1, and
    // the page that shows an OAuth token to paste, https://app.<domain>/token; on a loopback
    // domain http://<host>:<port>/v1 and http://<host>:<port>/token.
    QUrl houstonUrl() const;
    QUrl tokenPageUrl() const;

private:
    QString m_name;
    QString m_host;
    int m_port = -1;
    bool m_loopback = false;
    Product m_product = Product::Astro;

    QUrl apcUrl(const char* subdomain, const char* path) const;
    // A service of the domain at `path`: https://<subdomain><host>, or on a loopback domain
    // (the local test servers) http://host:port, whatever the subdomain.
    QUrl serviceUrl(const char* subdomain, const char* path) const;
};

} // namespace astro
