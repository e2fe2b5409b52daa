#include "NetworkServices.h"

#include "auth/Http.h"
#include "auth/TokenRefresh.h"
#include "auth/TokenRevocation.h"

namespace astro {

NetworkServices::NetworkServices(Services& s)
{
    s.network = [this, &s]() -> QNetworkAccessManager* {
        if (!m_nam) {
            HttpLimits limits;
            bool ok = false;
            const int secs = s.env.value(QStringLiteral("ASTRO_HTTP_TIMEOUT")).toInt(&ok);
            if (ok && secs > 0) // at most an hour: never an int overflow, never no timeout
                limits.timeoutMs = qMin(secs, 3600) * 1000;
            m_nam = std::make_unique<BoundedNetworkAccessManager>(limits, s.env);
        }
        return m_nam.get();
    };
    s.refreshTokens = [&s](const Domain& domain, const Credentials& current, const QDateTime& now,
                           Credentials* out) {
        return refreshTokensFor(Http(s.network()), domain, current, now, out);
    };
    s.revokeTokens = [&s](const Domain& domain, const Credentials& tokens) {
        return revokeTokensAt(Http(s.network()), domain, tokens);
    };
}

NetworkServices::~NetworkServices() = default;

} // namespace astro
