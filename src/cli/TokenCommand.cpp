#include "CommandSupport.h"
#include "Commands.h"
#include "PlaintextMigration.h"
#include "refresh/FreshToken.h"

#include <QCoreApplication>

namespace astro {

namespace {
// `auth token` is useless when the token did not arrive: say so, and exit non-zero.
int printToken(Services& s, const QString& token)
{
    if (s.console->out(token + QLatin1Char('\n')))
        return ExitOk;
    return fail(
        s, Error::make(ExitFailure, QCoreApplication::translate(
                                        "TokenCommand", "could not write the token to stdout (%1).")
                                        .arg(s.console->outError())));
}
} // namespace

int runToken(Services& s, const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption domainOpt(
        {QStringLiteral("d"), QStringLiteral("domain")},
        QCoreApplication::translate("TokenCommand",
                                    "Domain whose token to print (default: the current context)."),
        QStringLiteral("DOMAIN"));
    parser.addOption(domainOpt);
    int code = ExitOk;
    if (!parseCommandLine(
            s, parser, QStringLiteral("auth token"), QStringLiteral("[flags]"),
            QCoreApplication::translate(
                "TokenCommand",
                "Print a valid access token for scripts, and nothing else, on stdout."),
            args, &code))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return fail(s, Error::make(ExitUsage, QCoreApplication::translate(
                                                  "TokenCommand",
                                                  "auth token takes no arguments; use --domain.")));

    TokenRequest request;
    request.domain = domainArgument(parser, domainOpt);
    AccessToken access;
    if (Error e = freshAccessToken(s, request, &access))
        return fail(s, e);
    return printToken(s, access.token);
}

} // namespace astro
