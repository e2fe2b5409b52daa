#include "CommandSupport.h"
#include "Commands.h"
#include "core/DisplayText.h"

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

Run 'astro help <command>' or 'astro <command> --help' for the flags of a command.
Environment: ASTRO_HOME, ASTRO_DOMAIN, ASTRO_API_TOKEN, ASTRO_CREDENTIAL_STORE=auto|keychain|file,
ASTRO_KEYCHAIN_TIMEOUT, ASTRO_HTTP_TIMEOUT, ASTRO_LOGIN_TIMEOUT (seconds), ASTRO_CALLBACK_PORT,
ASTRO_LANG=de|fr|ja|en.
)");

const char* const kAuthUsage =
    QT_TRANSLATE_NOOP("Cli", R"(Log in to Astro, log out, print a token, or show who is logged in.

Usage:
  astro auth <command> [flags]

Commands:
  login [DOMAIN]    Log in (--token-login TOKEN|-|@FILE for pipelines)
  logout [DOMAIN]   Revoke the tokens and delete them here
  token             Print a valid access token on stdout
  status [DOMAIN]   Show who is logged in, and where the secret lives

Run 'astro auth <command> --help' for the flags of a command.
)");

const QStringList& topCommands()
{
    static const QStringList commands{QStringLiteral("auth"),       QStringLiteral("login"),
                                      QStringLiteral("logout"),     QStringLiteral("context"),
                                      QStringLiteral("completion"), QStringLiteral("version"),
                                      QStringLiteral("help")};
    return commands;
}

int runVersion(Services& s, const QStringList& args)
{
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parseCommandLine(s, parser, QStringLiteral("version"), QStringLiteral("[flags]"),
                          QCoreApplication::translate("Cli", "Print the version of astro-auth."),
                          args, &code) ||
        !checkArgumentCount(s, parser, QStringLiteral("version"), 0, &code))
        return code;
    s.console->out(QStringLiteral("astro-auth %1\n").arg(QCoreApplication::applicationVersion()));
    return ExitOk;
}

} // namespace

int runCli(Services& s, const QStringList& argv)
{
    const QString first = argv.value(0);
    if (first == QLatin1String("help") && argv.size() > 1) // `astro help login`: login's help
        return runCli(s, argv.mid(1) << QStringLiteral("--help"));
    if (first.isEmpty() || first == QLatin1String("help") || first == QLatin1String("--help") ||
        first == QLatin1String("-h")) {
        s.console->out(QCoreApplication::translate("Cli", kUsage));
        return first.isEmpty() ? ExitUsage : ExitOk;
    }
    if (first == QLatin1String("version") || first == QLatin1String("--version"))
        return runVersion(s, argv.mid(1));
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
        if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h") ||
            sub == QLatin1String("help")) {
            s.console->out(QCoreApplication::translate("Cli", kAuthUsage));
            return ExitOk;
        }
        return fail(
            s,
            Error::make(ExitUsage,
                        QCoreApplication::translate(
                            "Cli", "unknown command \"auth %1\".%2 Run 'astro auth --help'.")
                            .arg(displaySafeLine(sub.left(80)),
                                 commandSuggestion(
                                     sub, {QStringLiteral("login"), QStringLiteral("logout"),
                                           QStringLiteral("token"), QStringLiteral("status")}))));
    }
    return fail(
        s, Error::make(
               ExitUsage,
               QCoreApplication::translate("Cli", "unknown command \"%1\".%2 Run 'astro --help'.")
                   .arg(displaySafeLine(first.left(80)), commandSuggestion(first, topCommands()))));
}

} // namespace astro
