// `docker-credential-astro`, the Docker credential helper: as lean as `astro` (Qt Core, the
// keychain and config.yaml). It answers with the stored login's token through the same code
// as `astro auth token`; when a refresh is due, it runs `astro-network auth token -d DOMAIN`
// (the refresh, its lock and the store write) and reads the token from its stdout (a pipe).
#include "cli/Commands.h"
#include "platform/Exec.h"
#include "platform/HandOver.h"
#include "wiring/ProcessStart.h"
#include "wiring/RealServices.h"

#include <QCoreApplication>

using namespace astro;

namespace {

Error tokenFromNetwork(const Domain& domain, QString* token)
{
    const QString program = platform::companionProgram(QStringLiteral("astro-network"));
    QString why = QStringLiteral("not found");
    QByteArray out;
    // ASTRO_API_TOKEN in Docker's environment must not answer for the stored login.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("ASTRO_API_TOKEN"));
    const int code = program.isEmpty()
                         ? -1
                         : platform::runForOutput(program,
                                                  {QStringLiteral("auth"), QStringLiteral("token"),
                                                   QStringLiteral("-d"), domain.name()},
                                                  env, 64 * 1024, &out, &why);
    if (code == ExitOk) {
        *token = QString::fromUtf8(out).trimmed();
        return Error::none();
    }
    if (code < 0)
        return Error::make(ExitFailure,
                           QCoreApplication::translate(
                               "Cli", "Error: cannot run astro-network (%1), which astro "
                                      "needs to talk to the server. Reinstall astro-auth.\n")
                               .arg(why)
                               .trimmed());
    return Error::make(ExitFailure,
                       QCoreApplication::translate(
                           "DockerCommands", "could not refresh the token for %1 (astro-network "
                                             "exited with %2; it said why on stderr).")
                           .arg(domain.name())
                           .arg(code));
}

} // namespace

int main(int argc, char** argv)
{
    startProcess();
    QCoreApplication app(argc, argv);
    const QStringList args = startApplication(QStringLiteral("docker-credential-astro"));
    RealServices real;
    if (Error e = real.setupError()) {
        real.services().console->out(e.message + QLatin1Char('\n'));
        return ExitFailure;
    }
    return runDockerCredentialHelper(real.services(), args, tokenFromNetwork);
}
