// The lean `astro` (src/main.cpp): the commands that always talk to a server are not linked
// into it; astro-network runs them (see ExitHandOver).
#include "Commands.h"

namespace astro {

int runLogin(Services&, const QStringList&)
{
    return ExitHandOver;
}

int runLogout(Services&, const QStringList&)
{
    return ExitHandOver;
}

} // namespace astro
