#include "CommandSupport.h"
#include "Commands.h"
#include "PlaintextMigration.h"
#include "refresh/FreshToken.h"

#include <QCoreApplication>

namespace astro {

int runLogout(Services& s, const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("DOMAIN"),
        QCoreApplication::translate("LogoutCommand",
                                    "Domain to log out of (default: the current context)."),
        QStringLiteral("[DOMAIN]"));
    int code = ExitOk;
    if (!parseCommandLine(
            s, parser, QStringLiteral("logout"), QStringLiteral("[DOMAIN]"),
            QCoreApplication::translate(
                "LogoutCommand",
                "Log out of Astro: revoke the tokens at the server and delete them here."),
            args, &code) ||
        !checkArgumentCount(s, parser, QStringLiteral("logout"), 1, &code))
        return code;

    Config config;
    if (Error e = readConfig(s, &config))
        return fail(s, e);
    Domain domain;
    if (Error e = resolveDomain(s, domainArgument(parser), config, true, &domain))
        return fail(s, e);
    Error storeError;
    CredentialStore* store = s.store(&storeError);
    if (!store)
        return fail(s, storeError);
    const QString key = domain.contextKey();
    {
        // Nothing stored and no user in config.yaml: nothing to log out of, nothing written.
        Credentials stored;
        const StoreResult before = store->read(domain.name(), &stored);
        if (before.status == StoreStatus::NotFound && config.context(key).userEmail.isEmpty()) {
            s.console->out(
                QCoreApplication::translate(
                    "LogoutCommand", "Not logged in to %1: there was nothing to log out of.\n")
                    .arg(domain.name()));
            return ExitOk;
        }
    }

    // Under the domain's login lock: a refresh running meanwhile cannot write back the tokens
    // being logged out (nor revoke ones that were just rotated).
    Credentials creds;
    StoreResult found;
    const Error locked = withLoginLock(s, domain, 60000, [&]() -> Error {
        found = store->read(domain.name(), &creds);
        if (!found.ok() && found.status != StoreStatus::NotFound)
            return Error::make(ExitStore, found.message);

        // 1. Revoke at the server (RFC 7009) when it offers revocation. Houston offers none:
        // the revocation says so for an APC login, without a request.
        if (found.ok())
            reportRevocation(s, s.revokeTokens(domain, creds), true);

        // 2. Always delete locally.
        const StoreResult removed = store->remove(domain.name());
        if (!removed.ok())
            return Error::make(
                ExitStore, QCoreApplication::translate("LogoutCommand",
                                                       "Could not delete the credentials of %1: %2")
                               .arg(domain.name(), removed.message));
        return Error::none();
    });
    if (locked)
        return fail(s, locked);
    if (found.ok())
        s.console->out(
            QCoreApplication::translate("LogoutCommand", "Deleted the credentials from the %1.\n")
                .arg(store->location()));

    if (Error e = s.config->update([&](Config& c) {
            c.clearLogin(key);
            if (c.currentContext() == key) // as astro-cli: only when it is the current one
                c.setCurrentContext(QString());
        }))
        return fail(s, e);
    s.console->out(
        QCoreApplication::translate("LogoutCommand", "Successfully logged out of Astronomer\n"));
    return ExitOk;
}

} // namespace astro
