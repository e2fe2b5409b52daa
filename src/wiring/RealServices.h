#pragma once

#include "cli/Services.h"

#include <QFile>
#include <memory>

namespace astro {

// The real local dependencies, wired once for an executable (`astro`, `astro-network` and
// `astro-gui`): the process's streams, config.yaml and the credential store chosen by
// ASTRO_CREDENTIAL_STORE. What talks to servers is added by NetworkServices, in the
// executables that do.
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
    Services m_services;
};

} // namespace astro
