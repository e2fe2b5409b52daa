// libFuzzer target: the plaintext store's credentials.json, and one credentials document
// (what FileStore::read decodes for an entry and what the keychain holds for a key).
#include "core/Credentials.h"
#include "store/FileStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstddef>
#include <cstdint>

namespace {

void readEntry(const QByteArray& json)
{
    astro::Credentials c;
    if (!astro::Credentials::fromJson(json, &c))
        return;
    if (c.accessToken.isEmpty())
        __builtin_trap(); // fromJson refuses documents without an access token
    (void)c.toJson();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // FileStore::load refuses files larger than 1 MiB.
    if (size > 1024 * 1024)
        return 0;
    const QByteArray text(reinterpret_cast<const char*>(data), int(size));

    QJsonObject all;
    if (astro::FileStore::parseDocument(text, &all)) {
        // As FileStore::read, for every key.
        for (auto it = all.constBegin(); it != all.constEnd(); ++it) {
            if (it.value().isObject())
                readEntry(QJsonDocument(it.value().toObject()).toJson());
        }
    }
    // A keychain entry is the credentials document itself.
    readEntry(text);
    return 0;
}
