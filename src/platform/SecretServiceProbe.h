#pragma once

#include <QByteArray>
#include <QString>

namespace astro::platform {

// Linux: asks the Secret Service over D-Bus whether its default collection is locked
// (bounded by `timeoutMs`). Elsewhere, and when it cannot tell, false.
bool secretServiceDefaultCollectionLocked(int timeoutMs);

// What readSecretServiceItem found.
enum class DirectRead {
    Found,    // *secret holds the item's secret
    Unknown,  // ask QtKeychain (no Secret Service, KDE, no item, several, locked, an error)
    TimedOut, // the Secret Service did not answer within the time given
};

// Linux, where QtKeychain reads the Secret Service through libsecret (every desktop but
// KDE's, where it prefers KWallet): reads QtKeychain's item for `key` (attributes server =
// `service`, user = `key`, type = plaintext) straight over Qt D-Bus, which is loaded already:
// no libsecret, GLib or Diffie-Hellman. Found only when exactly one unlocked item matches and
// no locked one does, so that it is the item QtKeychain would read; anything else is Unknown.
// The session is "plain", as gh's keyring library (zalando/go-keyring) opens it: the secret
// crosses the user's own session bus, which only the user's processes can reach, and they
// can ask for the secret themselves. All calls together take at most `timeoutMs`.
// Elsewhere: always Unknown.
DirectRead readSecretServiceItem(const QString& service, const QString& key, int timeoutMs,
                                 QByteArray* secret);

} // namespace astro::platform
