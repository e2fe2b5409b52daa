#include "CommandSupport.h"
#include "Commands.h"
#include "FreshToken.h"

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

    // The environment wins and is never persisted.
    QString fromEnv;
    if (Error e = tokenFromEnvironment(s, &fromEnv))
        return fail(s, e);
    if (!fromEnv.isEmpty())
        return printToken(s, fromEnv);

    Config config;
    if (Error e = s.config->read(&config))
        return fail(s, e);
    Domain domain;
    if (Error e = resolveDomain(s, parser.value(domainOpt), config, false, &domain))
        return fail(s, e);
    Error storeError;
    CredentialStore* store = s.store(&storeError);
    if (!store)
        return fail(s, storeError);
    Credentials creds;
    const StoreResult r = store->read(domain.name(), &creds);
    if (r.status == StoreStatus::NotFound)
        return fail(s,
                    Error::make(ExitFailure,
                                QCoreApplication::translate(
                                    "TokenCommand",
                                    "no token found. Please run 'astro login' to authenticate")));
    if (!r.ok())
        return fail(s, Error::make(ExitStore, r.message));

    if (Error e = ensureFreshCredentials(s, domain, store, &creds))
        return fail(s, e);
    return printToken(s, creds.accessToken);
}

} // namespace astro
