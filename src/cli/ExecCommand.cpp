#include "CommandSupport.h"
#include "Commands.h"
#include "refresh/FreshToken.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace astro {

// `astro auth exec [-d DOMAIN] [--env NAME] -- COMMAND [ARGS...]`: the token reaches COMMAND
// in its environment only, never on a command line (where any local user can read it).
int runExec(Services& s, const QStringList& args)
{
    const qsizetype dashes = args.indexOf(QStringLiteral("--"));
    QCommandLineParser parser;
    const QCommandLineOption domainOpt(
        {QStringLiteral("d"), QStringLiteral("domain")},
        QCoreApplication::translate("ExecCommand",
                                    "Domain whose token to pass (default: the current context)."),
        QStringLiteral("DOMAIN"));
    const QCommandLineOption envOpt(
        QStringLiteral("env"),
        QCoreApplication::translate(
            "ExecCommand", "Environment variable that holds the token (default: ASTRO_API_TOKEN)."),
        QStringLiteral("NAME"), QStringLiteral("ASTRO_API_TOKEN"));
    parser.addOption(domainOpt);
    parser.addOption(envOpt);
    const QString usage = QCoreApplication::translate(
        "ExecCommand",
        "auth exec needs '--' and a command: astro auth exec [-d DOMAIN] [--env NAME] -- "
        "COMMAND [ARGS...]");
    if (dashes < 0 && !args.contains(QStringLiteral("-h")) &&
        !args.contains(QStringLiteral("--help")))
        return fail(s, Error::make(ExitUsage, usage));
    int code = ExitOk;
    if (!parseCommandLine(
            s, parser, QStringLiteral("auth exec"),
            QStringLiteral("[-d DOMAIN] [--env NAME] -- COMMAND [ARGS...]"),
            QCoreApplication::translate(
                "ExecCommand",
                "Run COMMAND with a fresh access token in the environment variable NAME and the "
                "domain in ASTRO_DOMAIN, never on a command line. The token is refreshed first "
                "when it is due. Standard input, output and error are COMMAND's; signals reach "
                "it, and astro exits with its exit status."),
            dashes < 0 ? args : args.mid(0, dashes), &code))
        return code;
    const QStringList command = dashes < 0 ? QStringList() : args.mid(dashes + 1);
    if (!parser.positionalArguments().isEmpty() || command.isEmpty())
        return fail(s, Error::make(ExitUsage, usage));
    const QString name = parser.value(envOpt);
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!validName.match(name).hasMatch())
        return fail(s, Error::make(ExitUsage, QCoreApplication::translate(
                                                  "ExecCommand",
                                                  "--env needs a variable name (letters, digits "
                                                  "and _, not starting with a digit), not \"%1\".")
                                                  .arg(name.left(40))));
    // The dynamic loader's variables would run (or print) the token as a library path, PATH
    // would lose the command, ASTRO_DOMAIN is set by astro itself.
    if (name == QLatin1String("PATH") || name == QLatin1String("ASTRO_DOMAIN") ||
        name.startsWith(QLatin1String("LD_")) || name.startsWith(QLatin1String("DYLD_")))
        return fail(s, Error::make(ExitUsage,
                                   QCoreApplication::translate(
                                       "ExecCommand", "--env %1 would change how the command runs: "
                                                      "name another variable.")
                                       .arg(name)));

    TokenRequest request;
    request.domain = domainArgument(parser, domainOpt);
    request.needDomain = true;
    AccessToken access;
    if (Error e = freshAccessToken(s, request, &access))
        return fail(s, e);

    QProcessEnvironment env = s.env;
    env.insert(name, access.token);
    env.insert(QStringLiteral("ASTRO_DOMAIN"), access.domain.name());
    QString why;
    const int status = s.execCommand(command, env, &why);
    if (why.isEmpty())
        return status; // the command ran as a child (Windows) and this is its exit status
    if (status == ExitNotFound)
        return fail(s, Error::make(ExitNotFound, QCoreApplication::translate(
                                                     "ExecCommand", "command not found: %1")
                                                     .arg(command.first())));
    return fail(s, Error::make(ExitCannotRun,
                               QCoreApplication::translate("ExecCommand", "cannot run %1: %2")
                                   .arg(command.first(), why)));
}

} // namespace astro
