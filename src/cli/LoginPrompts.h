#pragma once

#include "Services.h"
#include "auth/Session.h"

#include <functional>

namespace astro {

class LoginSession;

// The one wait of `astro login`. Runs the event loop until `session` finishes (when given),
// `onLine` returns true for a line typed on stdin (when given), the user interrupts
// (SIGINT: exit 130, SIGTERM: 143, "nothing was saved"), or `timeoutSecs` pass (0: no
// limit; then `timeoutMessage`). With `inputRequired`, the end of stdin is an error too.
struct Wait
{
    LoginSession* session = nullptr;
    std::function<bool(const QString& line)> onLine;
    bool inputRequired = false;
    int timeoutSecs = 0;
    QString timeoutMessage;
};
Error waitFor(Services& s, const Wait& wait);

// Prints `prompt` on stderr and reads one line (without echo when `secret`). Empty lines
// are asked again when `skipEmpty`.
Error promptLine(Services& s, const QString& prompt, bool secret, bool skipEmpty, QString* line);

// --token-login's argument: TOKEN, "-" (stdin; on a terminal a prompt without echo) or
// "@FILE".
Error readTokenArgument(Services& s, const QString& arg, QString* raw);

// astro's numbered workspace menu. Leaves the session without a workspace when nothing
// valid was chosen in three tries.
Error promptWorkspace(Services& s, SessionInfo* session);

} // namespace astro
