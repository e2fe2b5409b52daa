#pragma once

#include "Console.h"
#include "core/Config.h"
#include "core/Error.h"
#include "store/CredentialStore.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <functional>

namespace astro {

// Everything a command needs from the outside world. main.cpp wires the real ones;
// tests wire fakes. Expensive parts (network, keychain) are created on first use.
struct Services
{
    QProcessEnvironment env;
    Console* console = nullptr;
    ConfigFile* config = nullptr;
    std::function<CredentialStore*(Error*)> store;
    std::function<QNetworkAccessManager*()> network;
    std::function<QDateTime()> now = [] { return QDateTime::currentDateTimeUtc(); };
    // Opens a URL through the desktop (QDesktopServices) when the app runs with a GUI; may be
    // empty.
    std::function<bool(const QUrl&)> desktopOpener;
};

} // namespace astro
