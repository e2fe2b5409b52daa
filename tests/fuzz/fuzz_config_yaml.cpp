// libFuzzer target: ~/.astro/config.yaml (astro-cli's shape), parsed with yaml-cpp, then
// everything astro reads from it and the text it would write back.
#include "core/Config.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // ConfigFile::read refuses files larger than 4 MiB.
    if (size > 4 * 1024 * 1024)
        return 0;
    const QByteArray text(reinterpret_cast<const char*>(data), int(size));
    astro::Config config;
    const astro::Error e = astro::Config::parse(text, QStringLiteral("fuzz/config.yaml"), &config);
    if (!e.ok()) {
        if (e.message.isEmpty())
            __builtin_trap();
        return 0;
    }
    (void)config.serialize();
    for (const QString& key : config.contextKeys()) {
        const astro::ContextInfo info = config.context(key);
        (void)info.domain.size();
    }
    (void)config.currentContext();
    return 0;
}
