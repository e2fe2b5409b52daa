// libFuzzer target: displaySafe(), which every byte astro shows goes through (issue 9: a
// server's or a file's text never reaches a terminal raw). Properties: nothing a terminal
// acts on survives, printable text is kept as it is, and a second pass changes nothing.
#include "core/DisplayText.h"

#include <QList>
#include <cstddef>
#include <cstdint>

namespace {
bool dangerous(uint c)
{
    return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString in = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString out = astro::displaySafe(in);
    for (const uint c : out.toUcs4()) {
        if (dangerous(c))
            __builtin_trap();
    }
    if (astro::displaySafe(out) != out)
        __builtin_trap(); // idempotent
    if (out.size() != in.size())
        __builtin_trap(); // one replacement per character: nothing is dropped or added
    return 0;
}
