#include "FreshToken.h"

#include "cli/CommandSupport.h"
#include "cli/PlaintextMigration.h"
#include "core/SafeFile.h"
#include "platform/Paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

namespace astro {
namespace {
constexpr int kStoreAttempts = 3;
}

static Error refreshUnderLock(Services& s, const Domain& domain, CredentialStore* store,
                              Credentials* creds, bool* refreshed, bool waited,
                              QString* notRefreshed);

// ~/.astro/refresh-<domain>: the name of the domain's login lock (.lock) and of the record of
// a refresh that could not reach the server (.offline).
static QString loginLockBase(Services& s, const Domain& domain)
{
    QString name = domain.name();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return QDir(astroDir(s.env)).filePath(QStringLiteral("refresh-") + name);
}

Error freshAccessToken(Services& s, const TokenRequest& request, AccessToken* out)
{
    if (Error e = checkDomainArgument(request.domain))
        return e;
    QString fromEnv;
    if (request.environmentWins)
        if (Error e = tokenFromEnvironment(s, &fromEnv))
            return e;
    if (!fromEnv.isEmpty() && !request.needDomain) {
        out->token = fromEnv;
        return Error::none();
    }
    Config config;
    if (Error e = readConfig(s, &config))
        return e;
    if (Error e = resolveDomain(s, request.domain, config, false, &out->domain)) {
        // ASTRO_API_TOKEN with no context (a CI job): astro-cli's default domain.
        QString why;
        if (fromEnv.isEmpty() || e.code != ExitFailure ||
            !Domain::parse(QLatin1String(Domain::kDefault), &out->domain, &why)) {
            out->noLogin = e.code == ExitFailure; // no context, no domain
            return e;
        }
    }
    if (!fromEnv.isEmpty()) {
        out->token = fromEnv;
        return Error::none();
    }
    Error storeError;
    CredentialStore* store = s.store(&storeError);
    if (!store)
        return storeError;
    Credentials creds;
    const StoreResult r = store->read(out->domain.name(), &creds);
    if (r.status == StoreStatus::NotFound) {
        out->noLogin = true;
        return Error::make(
            ExitFailure,
            QCoreApplication::translate(
                "TokenCommand", "no token found. Please run 'astro login' to authenticate"));
    }
    if (!r.ok())
        return Error::make(ExitStore, r.message);
    if (Error e = ensureFreshCredentials(s, out->domain, store, &creds))
        return e;
    out->token = creds.accessToken;
    return Error::none();
}

Error withLoginLock(Services& s, const Domain& domain, int timeoutMs,
                    const std::function<Error()>& body, bool* waited)
{
    const QString dir = astroDir(s.env);
    const QString why = ensurePrivateDir(dir);
    if (!why.isEmpty())
        return Error::make(ExitStore, why);
    InterProcessLock lock(loginLockBase(s, domain));
    const auto waiting = [&] {
        s.console->err(QCoreApplication::translate(
                           "FreshToken",
                           "Waiting for another astro process, which is refreshing, logging in to "
                           "or out of %1 (lock %2).%3\n")
                           .arg(domain.name(), lock.path(), lock.holderSentence()));
    };
    switch (lock.acquire(timeoutMs, waiting)) {
    case InterProcessLock::Busy:
        return Error::make(ExitStore,
                           QCoreApplication::translate(
                               "FreshToken",
                               "another astro process has been refreshing, logging in to or out "
                               "of %1 for %2 s (lock %3). Try again.")
                                   .arg(domain.name())
                                   .arg(timeoutMs / 1000)
                                   .arg(lock.path()) +
                               lock.holderSentence());
    case InterProcessLock::Failed:
        return Error::make(ExitStore, lock.errorString());
    case InterProcessLock::Acquired:
        break;
    }
    if (waited)
        *waited = lock.waited();
    return body();
}

Error ensureFreshCredentials(Services& s, const Domain& domain, CredentialStore* store,
                             Credentials* creds, bool* refreshed, QString* notRefreshed)
{
    if (refreshed)
        *refreshed = false;
    const QDateTime now = s.now();
    if (!creds->expiresWithin(now, creds->refreshMarginSecs(kRefreshWindowSecs)))
        return Error::none();
    if (!creds->canRefresh()) {
        if (!creds->expiresWithin(now, 0))
            return Error::none(); // still valid for a little while, and nothing better to offer
        if (creds->product == Product::Apc) // Houston issues no refresh token
            return Error::make(
                ExitAuthFailed,
                QCoreApplication::translate(
                    "FreshToken", "Your token has expired. Please log in again: run '%1' (APC "
                                  "tokens cannot be refreshed; this one expired at %2).")
                    .arg(domain.loginCommand(), creds->expiresAt.toString(Qt::ISODate)));
        return Error::make(ExitAuthFailed,
                           QCoreApplication::translate(
                               "FreshToken",
                               "the token for %1 expired at %2 and cannot be refreshed. Run "
                               "'astro login %1' to authenticate again.")
                               .arg(domain.name(), creds->expiresAt.toString(Qt::ISODate)));
    }

    if (!s.refreshTokens)
        return Error::make(ExitHandOver, QString()); // the lean astro: astro-network refreshes

    // Single flight across processes, and never across a logout or a login.
    bool waited = false;
    return withLoginLock(
        s, domain, 60000,
        [&] { return refreshUnderLock(s, domain, store, creds, refreshed, waited, notRefreshed); },
        &waited);
}

// The current token in place of a refresh that did not happen: it is valid for more than
// kRefreshFallbackMinSecs, and the warning says why (`why`) and until when.
static Error useCurrentToken(Services& s, const Domain& domain, const Credentials& current,
                             const QDateTime& now, const QString& why, Credentials* creds,
                             QString* notRefreshed)
{
    s.console->err(QCoreApplication::translate(
                       "FreshToken", "Warning: could not refresh the token for %1: %2\nUsing "
                                     "the current token, which expires in %3 (at %4).\n")
                       .arg(domain.name(), why, humanDuration(now.secsTo(current.expiresAt)),
                            current.expiresAt.toString(Qt::ISODate)));
    if (notRefreshed)
        *notRefreshed = why;
    *creds = current;
    return Error::none();
}

// The record of a refresh that could not reach the server, for the processes that waited for
// it under the lock: when it failed, and which token it left (its expiry; nothing secret).
constexpr qint64 kOfflineRecordSecs = 90;
static QByteArray offlineRecord(const QDateTime& failedAt, const Credentials& left)
{
    return QByteArray::number(failedAt.toSecsSinceEpoch()) + ' ' +
           QByteArray::number(left.expiresAt.toSecsSinceEpoch()) + '\n';
}
static bool recentOfflineRecord(const QString& path, const QDateTime& now, const Credentials& left)
{
    QByteArray data;
    QString why;
    if (readBoundedFile(path, 64, &data, &why) != ReadStatus::Ok) // a FIFO there cannot hang us
        return false;
    const QList<QByteArray> parts = data.trimmed().split(' ');
    bool failedOk = false, expiryOk = false;
    const qint64 failedAt = parts.value(0).toLongLong(&failedOk);
    const qint64 expiry = parts.value(1).toLongLong(&expiryOk);
    const qint64 age = now.toSecsSinceEpoch() - failedAt;
    return parts.size() == 2 && failedOk && expiryOk && age >= 0 && age <= kOfflineRecordSecs &&
           expiry == left.expiresAt.toSecsSinceEpoch();
}

static Error refreshUnderLock(Services& s, const Domain& domain, CredentialStore* store,
                              Credentials* creds, bool* refreshed, bool waited,
                              QString* notRefreshed)
{
    Credentials latest;
    const StoreResult r = store->read(domain.name(), &latest);
    if (r.status == StoreStatus::NotFound)
        return Error::make(
            ExitFailure,
            QCoreApplication::translate(
                "FreshToken", "no token found. Please run 'astro login' to authenticate"));
    if (!r.ok())
        return Error::make(ExitStore, r.message);
    const QDateTime afterLock = s.now();
    if ((latest.accessToken != creds->accessToken && !latest.expiresWithin(afterLock, 0)) ||
        !latest.expiresWithin(afterLock, latest.refreshMarginSecs(kRefreshWindowSecs))) {
        *creds = latest; // another process refreshed while we waited
        return Error::none();
    }

    // We waited for a process whose refresh could not reach the server (its record names the
    // token we have): trying again would only wait as long, one process after another, so a
    // token that works for a while yet is used at once. (A refusal leaves no record: the
    // waiter asks the server itself, and hears the refusal.)
    const QString record = loginLockBase(s, domain) + QStringLiteral(".offline");
    if (waited && !latest.expiresWithin(afterLock, kRefreshFallbackMinSecs) &&
        recentOfflineRecord(record, afterLock, latest))
        return useCurrentToken(
            s, domain, latest, afterLock,
            QCoreApplication::translate("FreshToken",
                                        "another astro process tried just now and could not "
                                        "reach the server."),
            creds, notRefreshed);

    Credentials fresh;
    if (Error e = s.refreshTokens(domain, latest, afterLock, &fresh)) {
        // The server could not be asked (or answered nonsense), and the token we have works
        // for a while yet (counted from now: the attempt took time): a script goes on with it,
        // told why. A refusal (invalid_grant, ExitAuthFailed) is final, and so is a token
        // about to expire.
        const QDateTime failedAt = s.now();
        if (e.code != ExitNetwork || latest.expiresWithin(failedAt, kRefreshFallbackMinSecs))
            return e;
        writeFileAtomically(record, offlineRecord(failedAt, latest), ExitStore); // best effort
        return useCurrentToken(s, domain, latest, failedAt, e.message, creds, notRefreshed);
    }
    QFile::remove(record);
    // Persist the rotated refresh token before anything uses the new access token. The
    // server may have invalidated the old one already: losing the new one loses the login,
    // so try again before giving up, and then say so plainly.
    StoreResult w = store->write(domain.name(), fresh);
    for (int attempt = 1; !w.ok() && attempt < kStoreAttempts; ++attempt) {
        QThread::msleep(200 * attempt);
        w = store->write(domain.name(), fresh);
    }
    if (!w.ok() && fresh.refreshToken == latest.refreshToken)
        return Error::make(ExitStore,
                           QCoreApplication::translate(
                               "FreshToken",
                               "the token for %1 was refreshed, but it could not be saved (%2 "
                               "tries): %3\nThe stored login still works: fix the cause above "
                               "and try again.")
                               .arg(domain.name())
                               .arg(kStoreAttempts)
                               .arg(w.message));
    if (!w.ok())
        return Error::make(
            ExitStore,
            QCoreApplication::translate(
                "FreshToken",
                "the token for %1 was refreshed, but the new tokens could not be saved (%2 "
                "tries): %3\nThe server has replaced the refresh token, so the stored one no "
                "longer works: the login for %1 is lost. Fix the cause above, then run 'astro "
                "login %1'.")
                .arg(domain.name())
                .arg(kStoreAttempts)
                .arg(w.message));
    *creds = fresh;
    if (refreshed)
        *refreshed = true;
    return Error::none();
}

} // namespace astro
