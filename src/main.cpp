// The `astro` executable: wires the real dependencies (src/wiring) and runs a command.
// `astro auth login --gui`, or a login started from the desktop (no terminal, a display),
// hands over to the `astro-gui` executable, so this one never loads Qt Gui.
#include "cli/Commands.h"
#include "core/Translations.h"
#include "platform/GuiLauncher.h"
#include "platform/Process.h"
#include "platform/Terminal.h"
#include "wiring/RealServices.h"

#include <QCoreApplication>

using namespace astro;

int main(int argc, char** argv)
{
    platform::hardenProcess();          // before any secret is in memory
    platform::prepareStandardStreams(); // before anything opens a file
    QCoreApplication app(argc, argv);
    // Before anything builds a user-facing string (the keychain's display name, say).
    installTranslations(QProcessEnvironment::systemEnvironment());
    QCoreApplication::setApplicationName(QStringLiteral("astro"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ASTRO_VERSION));
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();

    RealServices real;
    if (Error e = real.setupError()) {
        real.services().console->err(
            QCoreApplication::translate("CommandSupport", "Error: %1\n").arg(e.message));
        return e.code;
    }
    int exitCode = 0;
    if (platform::launchGuiIfWanted(args, real.services().env, &exitCode))
        return exitCode;
    return runCli(real.services(), args);
}
