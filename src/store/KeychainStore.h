#pragma once

#include "CredentialStore.h"
#include "platform/SecretServiceProbe.h"

#include <functional>

namespace QKeychain {
class Job;
}

namespace astro {

// The OS keychain through QtKeychain: Secret Service/KWallet, macOS Keychain, or Windows
// Credential Manager. Service "astro-cli", key = the domain. Every job runs under a
// timeout, so a hung or prompting keychain never hangs the command.
class KeychainStore : public CredentialStore
{
public:
    static constexpr const char* kService = "astro-cli";
    static constexpr int kMaxPayload = 2560; // Windows' CRED_MAX_CREDENTIAL_BLOB_SIZE

    // `hint` is appended to "not available" errors (the next thing the user can do).
    explicit KeychainStore(QString backendName, int timeoutMs = 5000, QString hint = QString());

    QString location() const override;
    StoreResult read(const QString& key, Credentials* out) override;
    StoreResult write(const QString& key, const Credentials& credentials) override;
    StoreResult remove(const QString& key) override;

    // Asked when an item is not found: a locked keychain hides its items (libsecret says
    // "not found" when it cannot show an unlock prompt). Returns true when locked.
    void setLockedProbe(std::function<bool()> probe) { m_lockedProbe = std::move(probe); }

    // A faster way to read an item that QtKeychain would read the same (the Secret Service
    // over D-Bus, platform::readSecretServiceItem): Found gives the item's payload, TimedOut
    // ends the read as a hung keychain, anything else lets QtKeychain read it.
    using DirectReader =
        std::function<platform::DirectRead(const QString& key, QByteArray* payload)>;
    void setDirectReader(DirectReader reader) { m_directReader = std::move(reader); }

    // What a QtKeychain error (QKeychain::Error) means for us. Only "no keychain here" is
    // Unavailable (the fallback may take over); a failed delete is an IoError.
    static StoreStatus statusOf(int qkeychainError);

private:
    StoreResult run(QKeychain::Job* job);
    StoreResult timedOut();
    StoreResult parse(const QString& key, const QByteArray& payload, Credentials* out) const;

    QString m_backendName;
    int m_timeoutMs;
    QString m_hint;
    std::function<bool()> m_lockedProbe;
    DirectReader m_directReader;
    bool m_stuck = false;
    QString m_stuckMessage;
};

} // namespace astro
