#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>
#include <functional>

namespace astro::platform {

// Opens `url` in the user's browser: $BROWSER when set (a ':'-separated list of commands,
// "%s" replaced by the URL), else `desktopOpener` (QDesktopServices in a GUI session, when
// given), else xdg-open / open / start. Only https URLs, or http to a loopback host, are
// opened, and the URL is one argv entry: never through a shell. `how` says what was used.
bool openBrowser(const QUrl& url, const QProcessEnvironment& env,
                 const std::function<bool(const QUrl&)>& desktopOpener, QString* how);

bool isSafeToOpen(const QUrl& url);

} // namespace astro::platform
