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

private:
    std::unique_ptr<BoundedNetworkAccessManager> m_nam;
};

} // namespace astro
