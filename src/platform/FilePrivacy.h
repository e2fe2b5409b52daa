#pragma once

#include <QString>

namespace astro::platform {

// True when only the owner can read or write `path` (POSIX: no group/other bits).
// On Windows the profile directory's ACLs protect the file; Qt cannot read them cheaply.
bool isOwnerOnly(const QString& path);

} // namespace astro::platform
