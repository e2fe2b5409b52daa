#include "CommandSupport.h"
#include "Commands.h"
#include "FreshToken.h"
#include "auth/AstroPlatform.h"

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
    if (Error e = s.config->read(&config))
        return fail(s, e);
    Domain domain;
    if (Error e = resolveDomain(s, parser.positionalArguments().value(0), config, true, &domain))
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

        // 1. Revoke at the server (RFC 7009) when it offers revocation.
        if (found.ok()) {
            const Http http(s.network());
            const AstroPlatform platform(http, domain);
            AuthConfig authConfig;
            OidcEndpoints endpoints;
            Error e = platform.fetchAuthConfig(&authConfig);
            if (!e)
                e = platform.discover(authConfig, &endpoints);
            if (!e && endpoints.revocation.isEmpty()) {
                s.console->err(QCoreApplication::translate(
                    "LogoutCommand",
                    "The server offers no token revocation; the tokens stay valid until they "
                    "expire.\n"));
            } else {
                if (!e && creds.canRefresh())
                    e = platform.revoke(endpoints, authConfig, creds.refreshToken,
                                        QStringLiteral("refresh_token"));
                if (!e)
                    e = platform.revoke(endpoints, authConfig, creds.accessToken,
                                        QStringLiteral("access_token"));
                if (e)
                    s.console->err(
                        QCoreApplication::translate(
                            "LogoutCommand",
                            "Warning: could not revoke the tokens at the server (%1); they stay "
                            "valid until they expire. The local credentials are deleted anyway.\n")
                            .arg(e.message));
                else
                    s.console->out(
                        QCoreApplication::translate("LogoutCommand", "Revoked the %1 at %2.\n")
                            .arg(creds.canRefresh()
                                     ? QCoreApplication::translate("LogoutCommand",
                                                                   "access and refresh tokens")
                                     : QCoreApplication::translate("LogoutCommand", "access token"),
                                 domain.name()));
            }
        }

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
