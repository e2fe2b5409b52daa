// libFuzzer target: the loopback listener's request parsing (what a local process or a
// browser sends to http://localhost:PORT/callback before the blank line).
#include "auth/CallbackRules.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // The listener never parses more than Limits::maxHeaderBytes (+1) bytes.
    if (size > 8192 + 1)
        return 0;
    const QByteArray head(reinterpret_cast<const char*>(data), int(size));
    astro::RequestHead req;
    if (!astro::parseRequestHead(head, &req)) {
        if (req.problem.isEmpty())
            __builtin_trap(); // a refusal always says why
        return 0;
    }
    // As handleRequest(): the query is everything after the first '?'.
    const int q = req.target.indexOf('?');
    if (q >= 0) {
        const QHash<QString, QString> params = astro::parseQuery(req.target.mid(q + 1));
        // What checkCallback() does with the result.
        const QByteArray state = params.value(QStringLiteral("state")).toUtf8();
        (void)astro::constantTimeEquals(state, QByteArrayLiteral("expected-state"));
        (void)params.value(QStringLiteral("code")).size();
    }
    return 0;
}
