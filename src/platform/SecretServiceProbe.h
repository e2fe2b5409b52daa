#pragma once

namespace astro::platform {

// Linux: asks the Secret Service over D-Bus whether its default collection is locked
// (bounded by `timeoutMs`). Elsewhere, and when it cannot tell, false.
bool secretServiceDefaultCollectionLocked(int timeoutMs);

} // namespace astro::platform
