#pragma once

#include "ExitCode.h"

#include <QString>

namespace astro {

// One failure: a message for the user (already actionable) and the exit code it maps to.
// Messages never contain secrets.
struct Error
{
    ExitCode code = ExitOk;
    QString message;

    bool ok() const { return code == ExitOk; }
    explicit operator bool() const { return !ok(); } // true when there *is* an error
    static Error none() { return {}; }
    static Error make(ExitCode c, QString m) { return Error{c, std::move(m)}; }
};

} // namespace astro
