#include "CommandSupport.h"
#include "Commands.h"

#include <QCoreApplication>

namespace astro {
namespace {

// Translated where it is printed (context "Cli").
const char* const kUsage = QT_TRANSLATE_NOOP(
    "Cli", R"(astro-auth: log in to Astro and keep the credentials in the OS keychain.

Usage:
  astro <command> [flags]

Commands:
  auth login [DOMAIN]    Log in (--token-login TOKEN|-|@FILE for pipelines)
  auth logout [DOMAIN]   Revoke the tokens and delete them here
  auth token             Print a valid access token on stdout
  auth status [DOMAIN]   Show who is logged in, and where the secret lives
  auth exec -- COMMAND   Run COMMAND with a fresh token in ASTRO_API_TOKEN
  auth configure-docker  Let Docker use docker-credential-astro for Astro's registry
  login, logout          Shortcuts for 'auth login' and 'auth logout'
  context list|switch|delete   Manage the contexts (one per domain)
  completion SHELL       Print a completion script (bash, zsh, fish, powershell)
  version                Print the version

Run 'astro <command> --help' for the flags of a command.
Environment: ASTRO_HOME, ASTRO_DOMAIN, ASTRO_API_TOKEN, ASTRO_CREDENTIAL_STORE=auto|keychain|file,
ASTRO_KEYCHAIN_TIMEOUT (seconds).
)");

} // namespace

int runCli(Services& s, const QStringList& argv)
{
    const QString first = argv.value(0);
    if (first.isEmpty() || first == QLatin1String("help") || first == QLatin1String("--help") ||
        first == QLatin1String("-h")) {
        s.console->out(QCoreApplication::translate("Cli", kUsage));
        return first.isEmpty() ? ExitUsage : ExitOk;
    }
    if (first == QLatin1String("version") || first == QLatin1String("--version")) {
        if (argv.value(1) == QLatin1String("-h") || argv.value(1) == QLatin1String("--help")) {
            s.console->out(QCoreApplication::translate(
                "Cli", "Print the version of astro-auth.\n\nUsage:\n  astro version\n"));
            return ExitOk;
        }
        s.console->out(
            QStringLiteral("astro-auth %1\n").arg(QCoreApplication::applicationVersion()));
        return ExitOk;
    }
    if (first == QLatin1String("login"))
        return runLogin(s, argv.mid(1));
    if (first == QLatin1String("context"))
        return runContext(s, argv.mid(1));
    if (first == QLatin1String("completion"))
        return runCompletion(s, argv.mid(1));
    if (first == QLatin1String("logout"))
        return runLogout(s, argv.mid(1));
    if (first == QLatin1String("auth")) {
        const QString sub = argv.value(1);
        const QStringList rest = argv.mid(2);
        if (sub == QLatin1String("login"))
            return runLogin(s, rest);
        if (sub == QLatin1String("logout"))
            return runLogout(s, rest);
        if (sub == QLatin1String("token"))
            return runToken(s, rest);
        if (sub == QLatin1String("status"))
            return runStatus(s, rest);
        if (sub == QLatin1String("exec"))
            return runExec(s, rest);
        if (sub == QLatin1String("configure-docker"))
            return runConfigureDocker(s, rest);
        if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
            s.console->out(QCoreApplication::translate("Cli", kUsage));
            return sub.isEmpty() ? ExitUsage : ExitOk;
        }
        return fail(
            s, Error::make(ExitUsage, QCoreApplication::translate(
                                          "Cli", "unknown command \"auth %1\". Run 'astro --help'.")
                                          .arg(sub)));
    }
    return fail(s, Error::make(ExitUsage, QCoreApplication::translate(
                                              "Cli", "unknown command \"%1\". Run 'astro --help'.")
                                              .arg(first)));
}

} // namespace astro
