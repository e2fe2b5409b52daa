#include "PlaintextMigration.h"

#include "CommandSupport.h"
#include "core/Jwt.h"
#include "refresh/FreshToken.h"

#include <QCoreApplication>

namespace astro {

// Texts of this file for Qt Linguist (context "PlaintextMigration").
struct PlaintextMigrationText
{
    Q_DECLARE_TR_FUNCTIONS(PlaintextMigration)
};

namespace {

struct Found
{
    QString key;
    Domain domain;
    PlaintextTokens tokens;
    bool stored = false; // a login is stored for the domain
    Credentials storedCredentials;
    bool moved = false;
    bool apcContext = false; // the context records `product: apc`
};

bool sameTokens(const PlaintextTokens& a, const PlaintextTokens& b)
{
    return a.accessToken == b.accessToken && a.refreshToken == b.refreshToken &&
           a.expiresAt == b.expiresAt;
}

// What a login would have stored. The JWT's `exp` is the truth; astro-cli's `expiresin` is
// its guess (for a persisted ASTRO_API_TOKEN: "in a year", computed wrongly). An APC
// domain's token is Houston's (it never refreshes).
Credentials asCredentials(const PlaintextTokens& t, const Domain& domain)
{
    Credentials c;
    c.product = domain.isApc() ? Product::Apc : Product::Astro;
    c.accessToken = t.accessToken;
    c.refreshToken = t.refreshToken;
    JwtClaims claims;
    const QDateTime exp =
        decodeJwtClaims(t.accessToken, &claims) ? claims.expiresAt() : QDateTime();
    c.expiresAt = exp.isValid() ? exp : t.expiresAt;
    return c;
}

// An Astro API token (astro-cli persists ASTRO_API_TOKEN): the user's own long-lived
// credential, made in the Astro UI and used by pipelines, and not the identity provider's to
// revoke. It is removed from config.yaml, never revoked.
bool isApiToken(const QString& token)
{
    JwtClaims claims;
    return decodeJwtClaims(token, &claims) && claims.claims.contains(QStringLiteral("apiTokenId"));
}

// The plaintext tokens to revoke: not the stored login's own (that would log it out), and not
// an API token.
Credentials toRevoke(const Found& f)
{
    Credentials c;
    // Beside a stored APC login, or in a context that records APC, the raw `token:` is
    // Houston's: the revocation knows there is nothing to revoke (as for an APC domain).
    c.product =
        f.storedCredentials.product == Product::Apc || f.apcContext ? Product::Apc : Product::Astro;
    if (f.tokens.accessToken != f.storedCredentials.accessToken &&
        !isApiToken(f.tokens.accessToken))
        c.accessToken = f.tokens.accessToken;
    if (f.tokens.refreshToken != f.storedCredentials.refreshToken)
        c.refreshToken = f.tokens.refreshToken;
    return c;
}

bool movable(const Found& f)
{
    return !f.stored && !f.tokens.accessToken.isEmpty();
}

Error migrate(Services& s, const Config& config)
{
    Error storeError;
    CredentialStore* store = s.store(&storeError);
    if (!store)
        return storeError;
    const QString path = s.config->path();
    QStringList warnings;
    auto stays = [&](const Found& f, const QString& why) {
        warnings << PlaintextMigrationText::tr(
                        "Warning: the tokens of %1 stay in plain text in %2: the credential store "
                        "cannot take them (%3).\n")
                        .arg(f.domain.name(), path, why);
    };

    // 1. What to do, decided before anything changes or is printed: revoking needs the
    // network, for which the lean astro hands the whole command over to astro-network.
    QList<Found> found;
    for (const QString& key : config.contextsWithPlaintextTokens()) {
        Found f;
        f.key = key;
        f.tokens = config.plaintextTokens(key);
        const QString name = config.context(key).domain;
        QString why;
        f.apcContext = config.context(key).product == QLatin1String("apc");
        if (!Domain::parse(name.isEmpty() ? key : name, &f.domain, &why,
                           f.apcContext ? Product::Apc : Product::Astro)) // as resolveDomain
            continue; // not a domain astro-auth could log in to: left alone
        const StoreResult r = store->read(f.domain.name(), &f.storedCredentials);
        if (!r.ok() && r.status != StoreStatus::NotFound) {
            stays(f, r.message);
            continue;
        }
        f.stored = r.ok();
        found << f;
    }
    for (const Found& f : found) {
        const Credentials revoke = toRevoke(f);
        if (!movable(f) && (!revoke.accessToken.isEmpty() || revoke.canRefresh()) &&
            !s.revokeTokens)
            return Error::make(ExitHandOver, QString());
    }

    // 2. Nothing stored: the tokens move into the store and out of config.yaml, under
    // config.yaml's lock and the domain's login lock, as a login stores its secret.
    Error e = s.config->whileLocked([&]() -> Error {
        Config fresh;
        if (Error readError = s.config->read(&fresh))
            return readError;
        QStringList moved;
        for (Found& f : found) {
            if (!movable(f) || !sameTokens(fresh.plaintextTokens(f.key), f.tokens))
                continue; // changed meanwhile: the next command looks again
            const Error locked = withLoginLock(s, f.domain, 60000, [&]() -> Error {
                Credentials latest;
                const StoreResult r = store->read(f.domain.name(), &latest);
                if (r.ok()) { // a login came first: the plaintext copy is revoked below
                    f.stored = true;
                    f.storedCredentials = latest;
                    return Error::none();
                }
                if (r.status != StoreStatus::NotFound) {
                    stays(f, r.message);
                    return Error::none();
                }
                const StoreResult w =
                    store->write(f.domain.name(), asCredentials(f.tokens, f.domain));
                if (!w.ok()) {
                    stays(f, w.message);
                    return Error::none();
                }
                f.moved = true;
                moved << f.key;
                return Error::none();
            });
            if (locked)
                return locked;
        }
        if (moved.isEmpty())
            return Error::none();
        // Should this write fail, the store's copy is the same login: the next command
        // finds it stored and only removes the plaintext copy.
        return s.config->update([&](Config& c) {
            for (const QString& key : moved)
                c.removePlaintextTokens(key);
        });
    });
    for (const QString& w : warnings)
        s.console->err(w);
    if (e)
        return e;
    for (const Found& f : found) {
        if (f.moved)
            s.console->err(PlaintextMigrationText::tr(
                               "Moved the tokens of %1 that astro-cli kept in plain text in %2 "
                               "into the %3.\n")
                               .arg(f.domain.name(), path, store->location()));
    }

    // 3. A login is stored: the plaintext copy is revoked (outside the locks: the network)
    // and removed.
    QList<Found> removed;
    for (const Found& f : found) {
        const Credentials revoke = toRevoke(f);
        const bool revokes = !revoke.accessToken.isEmpty() || revoke.canRefresh();
        if (movable(f) || (revokes && !s.revokeTokens))
            continue; // moved, or kept; or a login raced in here in the lean astro: next time
        s.console->err(
            f.stored
                ? PlaintextMigrationText::tr("The credential store holds a login for %1: "
                                             "removing the tokens that astro-cli left in plain "
                                             "text in %2.\n")
                      .arg(f.domain.name(), path)
                : PlaintextMigrationText::tr("Removing the refresh token that astro-cli left "
                                             "for %1 in plain text in %2.\n")
                      .arg(f.domain.name(), path));
        if (revokes)
            reportRevocation(s, s.revokeTokens(f.domain, revoke), false);
        removed << f;
    }
    if (removed.isEmpty())
        return Error::none();
    return s.config->update([&](Config& c) {
        for (const Found& f : removed) {
            if (sameTokens(c.plaintextTokens(f.key), f.tokens))
                c.removePlaintextTokens(f.key);
        }
    });
}

} // namespace

Error readConfig(Services& s, Config* out)
{
    if (Error e = s.config->read(out))
        return e;
    if (out->contextsWithPlaintextTokens().isEmpty())
        return Error::none(); // the fast path: nothing of astro-cli's to take over
    if (Error e = migrate(s, *out))
        return e;
    return s.config->read(out);
}

QString plaintextTokenProblem(const Services& s, const Config& config, const QString& key)
{
    if (config.plaintextTokens(key).isEmpty())
        return {};
    return PlaintextMigrationText::tr(
               "a token is still in plain text in %1, where anyone who can read the file can "
               "use it: the credential store could not take it (see the warning above).")
        .arg(s.config->path());
}

} // namespace astro
