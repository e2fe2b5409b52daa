#include "FallbackStore.h"

#include <QCoreApplication>

namespace astro {

FallbackStore::FallbackStore(std::unique_ptr<CredentialStore> keychain,
                             std::unique_ptr<FileStore> file, FileStore::Warn warn)
    : m_keychain(std::move(keychain)), m_file(std::move(file)), m_warn(std::move(warn)),
      m_lastLocation(m_keychain->location())
{
}

bool FallbackStore::keychainUnusable(const StoreResult& r)
{
    return r.status == StoreStatus::Unavailable || r.status == StoreStatus::Timeout ||
           r.status == StoreStatus::Denied;
}

StoreResult FallbackStore::keychainCall(const std::function<StoreResult()>& call)
{
    // Once the keychain failed to answer or refused, do not pay its timeout again.
    if (!m_keychainDown.ok())
        return m_keychainDown;
    StoreResult r = call();
    if (keychainUnusable(r))
        m_keychainDown = r;
    return r;
}

StoreResult FallbackStore::read(const QString& key, Credentials* out)
{
    StoreResult k = keychainCall([&] { return m_keychain->read(key, out); });
    if (k.ok()) {
        m_lastLocation = m_keychain->location();
        return k;
    }
    if (k.status != StoreStatus::NotFound && !keychainUnusable(k))
        return k;
    if (!m_file->exists())
        return k.status == StoreStatus::NotFound
                   ? k
                   : StoreResult::fail(StoreStatus::NotFound, k.message);
    StoreResult f = m_file->read(key, out);
    if (f.ok())
        m_lastLocation = m_file->location();
    return f;
}

StoreResult FallbackStore::write(const QString& key, const Credentials& credentials)
{
    StoreResult k = keychainCall([&] { return m_keychain->write(key, credentials); });
    if (k.ok()) {
        m_lastLocation = m_keychain->location();
        // Do not leave an older plaintext copy behind.
        if (m_file->exists())
            m_file->remove(key);
        return k;
    }
    if (!keychainUnusable(k))
        return k;
    if (m_warn)
        m_warn(
            QCoreApplication::translate(
                "FallbackStore",
                "Warning: %1 Falling back to a file; set ASTRO_CREDENTIAL_STORE=keychain to refuse "
                "this.")
                .arg(k.message));
    StoreResult f = m_file->write(key, credentials);
    if (f.ok())
        m_lastLocation = m_file->location();
    return f;
}

StoreResult FallbackStore::remove(const QString& key)
{
    StoreResult k = keychainCall([&] { return m_keychain->remove(key); });
    StoreResult f = m_file->remove(key);
    if (!f.ok())
        return f;
    // A keychain that is simply absent cannot hold the item; a locked or silent one might.
    if (!k.ok() && k.status != StoreStatus::Unavailable)
        return k;
    return StoreResult::success();
}

} // namespace astro
