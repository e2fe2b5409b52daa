#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>
#include <functional>
#include <memory>

class QTemporaryDir;

namespace astro::platform {

// The page that hands a login URL to the browser without putting the URL on the opener's
// command line (where, without `hidepid`, any local user can read its `state` and PKCE
// challenge): a 0600 HTML file in a fresh 0700 directory (under $XDG_RUNTIME_DIR, else the
// temp directory) that redirects to the URL. The browser is given the file's path. The
// file and its directory are removed when this object goes away: keep it for the login.
class BrowserHandoff
{
public:
    BrowserHandoff();
    ~BrowserHandoff();
    BrowserHandoff(const BrowserHandoff&) = delete;
    BrowserHandoff& operator=(const BrowserHandoff&) = delete;
    // Writes the page for `url` and returns its absolute path; empty when it cannot be
    // written (then the URL must not be handed to a browser at all).
    QString write(const QUrl& url);
    // The HTML of the page for `url` (for tests).
    static QByteArray page(const QUrl& url);

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

// Opens `url` in the user's browser: $BROWSER when set (a ':'-separated list of commands,
// "%s" replaced by the page's path), else `desktopOpener` (QDesktopServices in a GUI
// session, when given), else xdg-open / open / start. Only https URLs, or http to a
// loopback host, are opened; the opener gets the path of `handoff`'s page as one argv
// entry, never the URL, never through a shell. An opener that exits with a non-zero
// status within about 2.5 s has failed (the next one is tried); one that is still running
// then has succeeded. `how` says what was used.
bool openBrowser(const QUrl& url, const QProcessEnvironment& env,
                 const std::function<bool(const QUrl&)>& desktopOpener, BrowserHandoff* handoff,
                 QString* how);

bool isSafeToOpen(const QUrl& url);

} // namespace astro::platform
