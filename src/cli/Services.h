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

class QNetworkAccessManager;

namespace astro {

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
};

} // namespace astro
