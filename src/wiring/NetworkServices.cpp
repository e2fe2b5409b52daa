#include "NetworkServices.h"

#include "auth/Http.h"
#include "auth/TokenRevocation.h"
#include "core/DisplayText.h"
#include "platform/Browser.h"
#include "platform/GuiLauncher.h"
#include "platform/Headless.h"
#include "platform/Interrupt.h"
#include "platform/StdinReader.h"
#include "refresh/TokenRefresh.h"

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
    // The login flows' seams (only the executables that log in need them).
    s.openBrowser = [&s](const QUrl& url, std::shared_ptr<void>* keep) {
        auto handoff = std::make_shared<platform::BrowserHandoff>();
        QString how;
        const bool opened = platform::openBrowser(url, s.env, s.desktopOpener, handoff.get(), &how);
        *keep = handoff;
        return opened;
    };
    s.lineReader = []() -> std::unique_ptr<platform::LineReader> {
        return std::make_unique<platform::StdinLineReader>();
    };
    s.interrupts = []() -> std::unique_ptr<platform::InterruptSource> {
        return std::make_unique<platform::InterruptWatcher>();
    };
    s.machineFacts = [&s] { return platform::MachineFacts::probe(s.env); };
    s.runLoginWindow = platform::runLoginWindow;
    s.revokeTokens = [&s](const Domain& domain, const Credentials& tokens) {
        return revokeTokensAt(Http(s.network()), domain, tokens);
    };
}

NetworkServices::~NetworkServices() = default;

} // namespace astro
