#pragma once

#include "Error.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <functional>
#include <yaml-cpp/yaml.h>

namespace astro {

// One entry under `contexts:` in config.yaml (astro-cli's shape). Only non-secret fields.
struct ContextInfo
{
    QString key;
    QString domain;
    QString userEmail;
    QString organization;
    QString organizationProduct;
    QString workspace;
    QString lastUsedWorkspace;
    // "apc" for an Astro Private Cloud login (astro-auth's own field: astro-cli has none); empty
    // or "astro" for Astro. Only a loopback domain needs it: every other domain's name says it.
    QString product;
};

// The tokens astro-cli keeps in plain text in a context: `token` ("Bearer " and the access
// token, or an APC context's raw Houston JWT), `refreshtoken` and `expiresin` (a timestamp).
// astro-auth never writes them; it moves them into the credential store (PlaintextMigration.h).
struct PlaintextTokens
{
    QString accessToken; // without "Bearer "
    QString refreshToken;
    QDateTime expiresAt; // UTC; invalid when absent or unreadable
    bool isEmpty() const { return accessToken.isEmpty() && refreshToken.isEmpty(); }
};

// The content of ~/.astro/config.yaml. Keys we do not know are kept as they are.
// No secret is ever written here: tokens live in the credential store.
class Config
{
public:
    // Parses YAML text; an empty text is an empty config. Returns an ExitConfig error
    // for anything else that is not astro's shape.
    static Error parse(const QByteArray& text, const QString& origin, Config* out);
    QByteArray serialize() const;

    QString currentContext() const;
    void setCurrentContext(const QString& key);
    QStringList contextKeys() const;
    bool hasContext(const QString& key) const;
    ContextInfo context(const QString& key) const;
    // Creates the context when needed and sets one field ("user_email", "workspace", ...).
    void setContextField(const QString& key, const QString& field, const QString& value);
    // Clears who is logged in (user_email, and any token astro-cli may have left there).
    void clearLogin(const QString& key);
    PlaintextTokens plaintextTokens(const QString& key) const;
    // The contexts that hold a plaintext token: one pass over the parsed file.
    QStringList contextsWithPlaintextTokens() const;
    // Removes `token`, `refreshtoken` and `expiresin` from the context.
    void removePlaintextTokens(const QString& key);
    void removeContext(const QString& key);

private:
    YAML::Node m_root = YAML::Node(YAML::NodeType::Map);
    // How many nodes reading or writing it may visit: aliases may repeat a node, but not
    // multiply a small file into millions (see nodeBudget in Config.cpp).
    qint64 m_nodeBudget = 0;
};

// config.yaml on disk: reads, and read-modify-write under an inter-process lock with an
// atomic replace (mode 0600). A corrupt file is reported and never overwritten.
class ConfigFile
{
public:
    explicit ConfigFile(QString path, int lockTimeoutMs = 10000);
    QString path() const { return m_path; }
    Error read(Config* out) const;
    // Read-modify-write under the lock.
    Error update(const std::function<void(Config&)>& change);
    // Runs `action` under config.yaml's inter-process lock, for changes that must go with
    // the config's (a login's secret and its user). The lock is reentrant: `action` may
    // call update().
    Error whileLocked(const std::function<Error()>& action);

private:
    static constexpr qint64 kMaxSize = 4 * 1024 * 1024;
    QString m_path;
    int m_lockTimeoutMs;
};

} // namespace astro
