#include "SaveLogin.h"

#include "ReplacedLogin.h"
#include "refresh/FreshToken.h"

#include <QCoreApplication>

namespace astro {

// Texts of this file for Qt Linguist (context "LoginSteps").
struct LoginStepsText
{
    Q_DECLARE_TR_FUNCTIONS(LoginSteps)
};

Error loadSessionFor(const AstroPlatform& platform, const Config& config, const Domain& domain,
                     const Credentials& credentials, SessionInfo* session)
{
    const ContextInfo previous = config.context(domain.contextKey());
    return loadSession(platform, credentials.accessToken, previous.organization,
                       previous.lastUsedWorkspace, session);
}

static Error storeAndSwitch(Services& s, const Domain& domain, CredentialStore* store,
                            const Credentials& credentials, const QString& email,
                            const SessionInfo& session, Credentials* replaced);

Error saveLogin(Services& s, const Domain& domain, CredentialStore* store,
                const Credentials& credentials, const QString& email, const SessionInfo& session)
{
    // Under config.yaml's lock, so that concurrent logins cannot pair one login's secret
    // with another's user: the secret and the config always describe the same login. And
    // under the domain's login lock, so that a refresh running meanwhile cannot overwrite
    // the new login with the old one's tokens (lock order: config.yaml, then the login lock;
    // a refresh takes only the second).
    Credentials replaced;
    const Error e = s.config->whileLocked([&] {
        return withLoginLock(s, domain, 60000, [&] {
            return storeAndSwitch(s, domain, store, credentials, email, session, &replaced);
        });
    });
    if (!e)
        revokeReplacedLogin(s, domain, replaced, credentials); // outside the locks, best effort
    return e;
}

static Error storeAndSwitch(Services& s, const Domain& domain, CredentialStore* store,
                            const Credentials& credentials, const QString& email,
                            const SessionInfo& session, Credentials* replaced)
{
    Credentials previousCredentials;
    const bool hadPrevious = store->read(domain.name(), &previousCredentials).ok();
    const StoreResult stored = store->write(domain.name(), credentials);
    if (!stored.ok())
        return Error::make(ExitStore,
                           LoginStepsText::tr("%1 Nothing was changed.").arg(stored.message));
    const QString key = domain.contextKey();
    Error e = s.config->update([&](Config& c) {
        c.setContextField(key, QStringLiteral("domain"), domain.name());
        c.setContextField(key, QStringLiteral("user_email"), email);
        if (domain.isApc()) {
            // Which product this context is (a loopback APC domain's name cannot say it); APC
            // has no organizations.
            c.setContextField(key, QStringLiteral("product"), productName(Product::Apc));
        } else {
            c.setContextField(key, QStringLiteral("organization"), session.organization.id);
            c.setContextField(key, QStringLiteral("organization_product"),
                              session.organization.product.isEmpty()
                                  ? QStringLiteral("HOSTED")
                                  : session.organization.product);
        }
        c.setContextField(key, QStringLiteral("workspace"), session.workspace.id);
        if (!session.workspace.id.isEmpty())
            c.setContextField(key, QStringLiteral("last_used_workspace"), session.workspace.id);
        c.setCurrentContext(key);
    });
    if (e) {
        if (hadPrevious)
            store->write(domain.name(), previousCredentials);
        else
            store->remove(domain.name());
    } else if (hadPrevious) {
        *replaced = previousCredentials;
    }
    return e;
}

} // namespace astro
