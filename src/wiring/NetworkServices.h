#pragma once

#include "cli/Services.h"

#include <memory>

namespace astro {

class BoundedNetworkAccessManager;

// What talks to servers, added to the real services by the executables that do
// (`astro-network`, `astro-gui`; the lean `astro` has none of it): the bounded network
// manager, created on first use with ASTRO_HTTP_TIMEOUT and the proxy and CA settings of the
// environment, and the refresh at the identity provider.
class NetworkServices
{
public:
    explicit NetworkServices(Services& services);
    ~NetworkServices();
    // A setting these need that cannot be used (ASTRO_HTTP_TIMEOUT=abc), if any: exit 2.
    Error setupError() const { return m_setupError; }

private:
    Error m_setupError;
    std::unique_ptr<BoundedNetworkAccessManager> m_nam;
};

} // namespace astro
