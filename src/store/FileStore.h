#pragma once

#include "CredentialStore.h"

#include <QJsonObject>
#include <functional>

namespace astro {

// The plaintext fallback: $ASTRO_HOME/.astro/credentials.json, directory 0700, file 0600,
// replaced atomically under an inter-process lock. A file readable by others is refused.
class FileStore : public CredentialStore
{
public:
    using Warn = std::function<void(const QString&)>;
    FileStore(QString path, Warn warn, int lockTimeoutMs = 10000);

    QString location() const override;
    StoreResult read(const QString& key, Credentials* out) override;
    StoreResult write(const QString& key, const Credentials& credentials) override;
    StoreResult remove(const QString& key) override;
    bool exists() const;
    // The content of credentials.json: false when it is not ours (pure; also fuzzed).
    static bool parseDocument(const QByteArray& text, QJsonObject* credentials);

private:
    StoreResult load(QJsonObject* all) const;
    StoreResult modify(const std::function<void(QJsonObject&)>& change, bool announce);

    QString m_path;
    Warn m_warn;
    int m_lockTimeoutMs;
};

} // namespace astro
