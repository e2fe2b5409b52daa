#pragma once

namespace astro::platform {

// A credential tool must not dump core with tokens in memory: on Linux the process is made
// non-dumpable (PR_SET_DUMPABLE 0, which also keeps other processes of the same user from
// ptrace-attaching), and on POSIX systems the core size limit is set to 0. Called first
// thing by both executables.
void hardenProcess();

} // namespace astro::platform
