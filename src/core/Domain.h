#pragma once

#include <QString>
#include <QUrl>

namespace astro {

// An Astro domain as astro-cli handles it: "astronomer.io" by default, "cloud." prefix,
// scheme and trailing "/" stripped. A loopback domain (localhost or 127.0.0.1 with an
// optional port, 8888 by default) talks plain http to that host and port.
class Domain
{
public:
    static constexpr const char* kDefault = "astronomer.io";

    // Normalizes `input`; returns false and sets `error` for something that is not a domain.
    static bool parse(const QString& input, Domain* out, QString* error);

    QString name() const { return m_name; }
    bool isLoopback() const { return m_loopback; }
    // Base URL of the platform API: https://api.<domain> or http://<host>:<port>.
    QUrl platformBase() const;
    QUrl authConfigUrl() const;
    // Key of this domain under `contexts:` in config.yaml ("." replaced by "_").
    QString contextKey() const;

private:
    QString m_name;
    QString m_host;
    int m_port = -1;
    bool m_loopback = false;
};

} // namespace astro
