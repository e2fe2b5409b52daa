#pragma once

#include "Console.h"
#include "core/Config.h"
#include "core/Credentials.h"
#include "core/Domain.h"
#include "core/Error.h"
#include "core/Revocation.h"
#include "store/CredentialStore.h"

#include <QDateTime>
#include <QProcessEnvironment>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace astro {

namespace platform {
class InterruptSource;
class LineReader;
struct MachineFacts;
} // namespace platform

// Everything a command needs from the outside world. main.cpp wires the real ones;
// tests wire fakes. Expensive parts (network, keychain) are created on first use.
// In the lean `astro` (the hot path) nothing that talks to a server is wired: `network`
// and `refreshTokens` are empty, and a command that needs them returns ExitHandOver.
struct Services
{
    QProcessEnvironment env;
    Console* console = nullptr;
    ConfigFile* config = nullptr;
    std::function<CredentialStore*(Error*)> store;
    std::function<QNetworkAccessManager*()> network;
    // One refresh_token grant for `domain` at its identity provider (FreshToken.h holds the
    // policy around it: when, the lock, the store).
    std::function<Error(const Domain& domain, const Credentials& current, const QDateTime& now,
                        Credentials* out)>
        refreshTokens;
    // RFC 7009 at `domain`'s identity provider: revokes the tokens of `tokens` that are not
    // empty (auth/TokenRevocation.h). Empty in the lean astro.
    std::function<Revocation(const Domain& domain, const Credentials& tokens)> revokeTokens;
    std::function<QDateTime()> now = [] { return QDateTime::currentDateTimeUtc(); };
    // Opens a URL through the desktop (QDesktopServices) when the app runs with a GUI; may be
    // empty.
    std::function<bool(const QUrl&)> desktopOpener;

    // The seams of the login flows (RealServices wires the platform's; tests, fakes):
    // opens a login URL in the user's browser; *keep holds what the browser still needs (the
    // hand-off page) and must live until the login ends.
    std::function<bool(const QUrl& url, std::shared_ptr<void>* keep)> openBrowser;
    // Lines typed on stdin while the event loop runs (the paste-back prompt).
    std::function<std::unique_ptr<platform::LineReader>()> lineReader;
    // SIGINT/SIGTERM while a command waits.
    std::function<std::unique_ptr<platform::InterruptSource>()> interrupts;
    // What the machine looks like (SSH, container, WSL…), for choosing a browser or a link.
    std::function<platform::MachineFacts()> machineFacts;
    // `login --gui`: runs the login window with the login's arguments; its exit code.
    std::function<int(const QStringList& loginArgs)> runLoginWindow;
    // `auth exec`: replaces this process with `command` in `env` (platform/Exec.h); returns
    // only when it could not be started (127 not found, 126 not executable, *error why).
    std::function<int(const QStringList& command, const QProcessEnvironment& env, QString* error)>
        execCommand;
};

} // namespace astro
