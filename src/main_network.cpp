// `astro-network`: every command of astro, including those that talk to a server (login,
// logout, a due refresh). The lean `astro` (main.cpp) hands over to it; users never call it
// by name. `astro auth login --gui`, or a login started from the desktop (no terminal, a
// display), hands over to `astro-gui`, so this one never loads Qt Gui either.
#include "cli/Commands.h"
#include "platform/GuiLauncher.h"
#include "wiring/NetworkServices.h"
#include "wiring/ProcessStart.h"
#include "wiring/RealServices.h"

#include <QCoreApplication>

using namespace astro;

int main(int argc, char** argv)
{
    startProcess();
    QCoreApplication app(argc, argv);
    const QStringList args = startApplication(QStringLiteral("astro"));

    RealServices real;
    if (Error e = real.setupError()) {
        real.services().console->err(
            QCoreApplication::translate("CommandSupport", "Error: %1\n").arg(e.message));
        return e.code;
    }
    NetworkServices network(real.services());
    if (Error e = network.setupError()) {
        real.services().console->err(
            QCoreApplication::translate("CommandSupport", "Error: %1\n").arg(e.message));
        return e.code;
    }
    int exitCode = 0;
    if (platform::launchGuiIfWanted(args, real.services().env, &exitCode))
        return exitCode;
    return runCli(real.services(), args);
}
