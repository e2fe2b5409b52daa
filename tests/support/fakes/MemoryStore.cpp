#include "MemoryStore.h"

namespace astro {

StoreResult MemoryStore::read(const QString& key, Credentials* out)
{
    if (failWith != StoreStatus::Ok)
        return StoreResult::fail(failWith, QStringLiteral("memory store told to fail"));
    auto it = items.constFind(key);
    if (it == items.constEnd())
        return StoreResult::fail(StoreStatus::NotFound, QString());
    *out = *it;
    return StoreResult::success();
}

StoreResult MemoryStore::write(const QString& key, const Credentials& credentials)
{
    if (failWith != StoreStatus::Ok)
        return StoreResult::fail(failWith, QStringLiteral("memory store told to fail"));
    items.insert(key, credentials);
    return StoreResult::success();
}

StoreResult MemoryStore::remove(const QString& key)
{
    if (failWith != StoreStatus::Ok)
        return StoreResult::fail(failWith, QStringLiteral("memory store told to fail"));
    items.remove(key);
    return StoreResult::success();
}

} // namespace astro
