// libFuzzer target: what a user pastes at the --login-link prompt (a callback address,
// its query, a token or anything else), as UTF-8 text.
#include "auth/PastedInput.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), int(size));
    const astro::PastedInput in = astro::classifyPaste(text);
    switch (in.kind) {
    case astro::PastedInput::Kind::Callback:
        // classifyPaste promises a code or an error.
        if (in.params.value(QStringLiteral("code")).isEmpty() &&
            in.params.value(QStringLiteral("error")).isEmpty())
            __builtin_trap();
        break;
    case astro::PastedInput::Kind::Token:
        if (in.token.isEmpty())
            __builtin_trap();
        break;
    case astro::PastedInput::Kind::Invalid:
        if (in.problem.isEmpty())
            __builtin_trap();
        break;
    }
    return 0;
}
