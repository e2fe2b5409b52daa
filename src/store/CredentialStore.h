#pragma once

#include "core/Credentials.h"

#include <QString>

namespace astro {

enum class StoreStatus {
    Ok,
    NotFound,
    Unavailable, // no keychain here (no D-Bus, no Secret Service, ...)
    Denied,      // locked keychain or access refused
    Timeout,     // the keychain did not answer in time
    Corrupt,     // the stored value is not ours
    Insecure,    // file readable by others
    IoError,
};

struct StoreResult
{
    StoreStatus status = StoreStatus::Ok;
    QString message; // for the user; never contains a secret

    bool ok() const { return status == StoreStatus::Ok; }
    static StoreResult success() { return {}; }
    static StoreResult fail(StoreStatus s, QString m) { return StoreResult{s, std::move(m)}; }
};

// Where the secret half of a login lives, keyed by the context's domain.
class CredentialStore
{
public:
    virtual ~CredentialStore() = default;
    // Human-readable name of where secrets live ("Secret Service keychain", "file ...").
    virtual QString location() const = 0;
    virtual StoreResult read(const QString& key, Credentials* out) = 0;
    virtual StoreResult write(const QString& key, const Credentials& credentials) = 0;
    // Removing a missing entry is not an error.
    virtual StoreResult remove(const QString& key) = 0;
};

} // namespace astro
