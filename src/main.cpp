// `astro`, lean: what scripts run all the time (`auth token`, `auth status`, `context`,
// `completion`, `version`) runs here, on Qt Core, the keychain and config.yaml alone, without
// Qt Network, Qt NetworkAuth, the listener or the QR code library. A command that needs a
// server (login, logout, a refresh that is due) is handed over, whole and before it printed
// anything, to `astro-network` (main_network.cpp), which runs the very same command code.
#include "cli/Commands.h"
#include "platform/HandOver.h"
#include "wiring/ProcessStart.h"
#include "wiring/RealServices.h"

#include <QCoreApplication>

using namespace astro;

namespace {

int handOverToNetwork(const QStringList& args)
{
    const QString program = platform::companionProgram(QStringLiteral("astro-network"));
    QString why = QStringLiteral("not found");
    if (!program.isEmpty()) {
        const int code = platform::handOver(program, args, &why);
        if (code >= 0)
            return code;
    }
    const QByteArray message =
        QCoreApplication::translate("Cli", "Error: cannot run astro-network (%1), which astro "
                                           "needs to talk to the server. Reinstall astro-auth.\n")
            .arg(why)
            .toUtf8();
    std::fwrite(message.constData(), 1, size_t(message.size()), stderr);
    return ExitFailure;
}

} // namespace

int main(int argc, char** argv)
{
    startProcess();
    QCoreApplication app(argc, argv);
    const QStringList args = startApplication(QStringLiteral("astro"));
    if (args.isEmpty()) // from the desktop, that is the login window: astro-network decides
        return handOverToNetwork(args);

    int code = ExitHandOver;
    {
        RealServices real; // closed (keychain, files) before the hand-over
        if (Error e = real.setupError()) {
            real.services().console->err(
                QCoreApplication::translate("CommandSupport", "Error: %1\n").arg(e.message));
            return e.code;
        }
        code = runCli(real.services(), args);
    }
    return code == ExitHandOver ? handOverToNetwork(args) : code;
}
