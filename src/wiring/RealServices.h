#pragma once

#include "cli/Services.h"

#include <QFile>
#include <memory>

namespace astro {

// The real dependencies, wired once for an executable (`astro` and `astro-gui`): the
// process's streams, config.yaml, the credential store chosen by ASTRO_CREDENTIAL_STORE,
// and a network manager created on first use (so `auth token` never builds one when no
// refresh is due).
class RealServices
{
public:
    RealServices();
    ~RealServices();
    Services& services() { return m_services; }
    // What makes every command impossible (no home directory for ~/.astro), if anything.
    Error setupError() const;

private:
    QFile m_out, m_err;
    std::unique_ptr<Console> m_console;
    std::unique_ptr<ConfigFile> m_config;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    Services m_services;
};

} // namespace astro
