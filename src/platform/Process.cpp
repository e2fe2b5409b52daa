#include "Process.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif
#ifndef Q_OS_WIN
#include <sys/resource.h>
#endif

namespace astro::platform {

void hardenProcess()
{
#ifdef Q_OS_LINUX
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
#ifndef Q_OS_WIN
    const rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
#endif
}

} // namespace astro::platform
