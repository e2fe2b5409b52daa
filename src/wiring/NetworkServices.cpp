#include "NetworkServices.h"

#include "auth/Http.h"
#include "auth/TokenRefresh.h"
#include "core/DisplayText.h"

#include <QCoreApplication>

namespace astro {

NetworkServices::NetworkServices(Services& s)
{
    HttpLimits limits;
    const QString timeout = s.env.value(QStringLiteral("ASTRO_HTTP_TIMEOUT"));
    if (!timeout.isEmpty()) {
        bool ok = false;
        const int secs = timeout.trimmed().toInt(&ok);
        if (ok && secs > 0 && secs <= 3600) // never an int overflow, never no timeout
            limits.timeoutMs = secs * 1000;
        else
            m_setupError = Error::make(
                ExitUsage, QCoreApplication::translate(
                               "NetworkServices", "ASTRO_HTTP_TIMEOUT must be a whole number of "
                                                  "seconds from 1 to 3600, not \"%1\".")
                               .arg(displaySafeLine(timeout.left(40))));
    }
    s.network = [this, &s, limits]() -> QNetworkAccessManager* {
        if (!m_nam)
            m_nam = std::make_unique<BoundedNetworkAccessManager>(limits, s.env);
        return m_nam.get();
    };
    s.refreshTokens = [&s](const Domain& domain, const Credentials& current, const QDateTime& now,
                           Credentials* out) {
        return refreshTokensFor(Http(s.network()), domain, current, now, out);
    };
}

NetworkServices::~NetworkServices() = default;

} // namespace astro
