#include "FileStore.h"

#include "core/SafeFile.h"
#include "platform/FilePrivacy.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace astro {

FileStore::FileStore(QString path, Warn warn, int lockTimeoutMs)
    : m_path(std::move(path)), m_warn(std::move(warn)), m_lockTimeoutMs(lockTimeoutMs)
{
}

QString FileStore::location() const
{
    return QCoreApplication::translate("FileStore", "file %1").arg(m_path);
}

bool FileStore::exists() const
{
    return QFileInfo::exists(m_path);
}

StoreResult FileStore::load(QJsonObject* all) const
{
    if (!QFileInfo::exists(m_path)) {
        *all = QJsonObject();
        return StoreResult::fail(StoreStatus::NotFound, QString());
    }
    if (!platform::isOwnerOnly(m_path))
        return StoreResult::fail(
            StoreStatus::Insecure,
            QCoreApplication::translate(
                "FileStore", "Refusing to use %1: other users can read or write it. Run "
                             "'chmod 600 %1' and log in again to rotate the tokens, or delete it.")
                .arg(m_path));
    QByteArray text;
    QString why;
    switch (readBoundedFile(m_path, 1024 * 1024, &text, &why)) {
    case ReadStatus::Missing:
        *all = QJsonObject();
        return StoreResult::fail(StoreStatus::NotFound, QString());
    case ReadStatus::Failed:
        return StoreResult::fail(StoreStatus::IoError, why);
    case ReadStatus::TooLarge:
        return StoreResult::fail(
            StoreStatus::Corrupt,
            QCoreApplication::translate("FileStore", "%1 is too large to be ours.").arg(m_path));
    case ReadStatus::Ok:
        break;
    }
    if (!parseDocument(text, all))
        return StoreResult::fail(
            StoreStatus::Corrupt,
            QCoreApplication::translate(
                "FileStore", "%1 is corrupt; it was left unchanged. Move it away and log in again.")
                .arg(m_path));
    return StoreResult::success();
}

bool FileStore::parseDocument(const QByteArray& text, QJsonObject* credentials)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject() ||
        !doc.object().value(QStringLiteral("credentials")).isObject())
        return false;
    *credentials = doc.object().value(QStringLiteral("credentials")).toObject();
    return true;
}

StoreResult FileStore::read(const QString& key, Credentials* out)
{
    QJsonObject all;
    StoreResult r = load(&all);
    if (!r.ok())
        return r;
    const QJsonValue v = all.value(key);
    if (v.isUndefined())
        return StoreResult::fail(StoreStatus::NotFound, QString());
    if (!v.isObject() || !Credentials::fromJson(QJsonDocument(v.toObject()).toJson(), out))
        return StoreResult::fail(
            StoreStatus::Corrupt,
            QCoreApplication::translate("FileStore",
                                        "The entry for %1 in %2 is corrupt. Log in again.")
                .arg(key, m_path));
    return StoreResult::success();
}

StoreResult FileStore::modify(const std::function<void(QJsonObject&)>& change, bool announce)
{
    const QString why = ensurePrivateDir(QFileInfo(m_path).absolutePath());
    if (!why.isEmpty())
        return StoreResult::fail(StoreStatus::IoError, why);
    InterProcessLock lock(m_path);
    switch (lock.acquire(m_lockTimeoutMs)) {
    case InterProcessLock::Busy:
        return StoreResult::fail(
            StoreStatus::Timeout,
            QCoreApplication::translate("FileStore", "%1 is locked by another process.")
                    .arg(m_path) +
                lock.holderSentence());
    case InterProcessLock::Failed:
        return StoreResult::fail(StoreStatus::IoError, lock.errorString());
    case InterProcessLock::Acquired:
        break;
    }
    QJsonObject all;
    StoreResult r = load(&all);
    if (!r.ok() && r.status != StoreStatus::NotFound)
        return r;
    change(all);
    QJsonObject root;
    root.insert(QStringLiteral("version"), 1);
    root.insert(QStringLiteral("credentials"), all);
    if (Error e = writeFileAtomically(m_path, QJsonDocument(root).toJson(QJsonDocument::Indented),
                                      ExitStore))
        return StoreResult::fail(StoreStatus::IoError, e.message);
    if (announce && m_warn)
        m_warn(QCoreApplication::translate(
                   "FileStore",
                   "Warning: credentials were saved in plain text in %1 (mode 0600), because no "
                   "keychain could be used.")
                   .arg(m_path));
    return StoreResult::success();
}

StoreResult FileStore::write(const QString& key, const Credentials& credentials)
{
    const QJsonObject value = QJsonDocument::fromJson(credentials.toJson()).object();
    return modify([&](QJsonObject& all) { all.insert(key, value); }, true);
}

StoreResult FileStore::remove(const QString& key)
{
    if (!exists())
        return StoreResult::success();
    StoreResult r = modify([&](QJsonObject& all) { all.remove(key); }, false);
    return r;
}

} // namespace astro
