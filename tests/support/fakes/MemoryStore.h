#pragma once

#include "store/CredentialStore.h"

#include <QHash>

namespace astro {

// A test double for CredentialStore: keeps credentials in memory, and can be told to fail.
class MemoryStore : public CredentialStore
{
public:
    QString location() const override { return QStringLiteral("memory"); }
    StoreResult read(const QString& key, Credentials* out) override;
    StoreResult write(const QString& key, const Credentials& credentials) override;
    StoreResult remove(const QString& key) override;

    StoreStatus failWith = StoreStatus::Ok; // when not Ok, every call fails with it
    QHash<QString, Credentials> items;
};

} // namespace astro
