#pragma once

#include "CredentialStore.h"
#include "FileStore.h"

#include <functional>
#include <memory>

namespace astro {

// ASTRO_CREDENTIAL_STORE=auto: the keychain when it can be used, else the file (loudly).
// Reads look in the keychain first, then in the file, so a login saved while the
// keychain was away is still found.
class FallbackStore : public CredentialStore
{
public:
    FallbackStore(std::unique_ptr<CredentialStore> keychain, std::unique_ptr<FileStore> file,
                  FileStore::Warn warn);

    QString location() const override { return m_lastLocation; }
    StoreResult read(const QString& key, Credentials* out) override;
    StoreResult write(const QString& key, const Credentials& credentials) override;
    StoreResult remove(const QString& key) override;

private:
    static bool keychainUnusable(const StoreResult& r);
    StoreResult keychainCall(const std::function<StoreResult()>& call);

    std::unique_ptr<CredentialStore> m_keychain;
    std::unique_ptr<FileStore> m_file;
    FileStore::Warn m_warn;
    QString m_lastLocation;
    StoreResult m_keychainDown; // Ok until the keychain proved unusable in this process
};

} // namespace astro
