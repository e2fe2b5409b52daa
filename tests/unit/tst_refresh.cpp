// The refresh policy (FreshToken.h: when to refresh, single flight, storing the rotated refresh
// token first, retries, the lean astro's hand-over) through the Services seams: a memory store, a
// fake clock and a fake refresh at the identity provider that fails when called unexpectedly.
#include "fakes/CommandHarness.h"
#include "platform/FileLock.h"
#include "refresh/FreshToken.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <chrono>
#include <memory>
#include <thread>
#ifndef Q_OS_WIN
#include <sys/stat.h>
#endif

using namespace astro;

namespace {

// A store whose writes fail the first `failWrites` times (a full disk, say).
class FlakyStore : public MemoryStore
{
public:
    int failWrites = 0;
    int writes = 0;
    StoreResult write(const QString& key, const Credentials& c) override
    {
        ++writes;
        if (failWrites-- > 0)
            return {StoreStatus::IoError, QStringLiteral("No space left on device")};
        return MemoryStore::write(key, c);
    }
};

struct Harness : CommandHarness<FlakyStore>
{
    Domain domain;
    int refreshCalls = 0;
    Error refreshResult;
    Credentials refreshed; // what the fake identity provider hands out

    Harness()
    {
        s.env.insert(QStringLiteral("ASTRO_HOME"), dir.path());
        s.refreshTokens = [this](const Domain& d, const Credentials& current, const QDateTime&,
                                 Credentials* o) {
            ++refreshCalls;
            if (d.name() != domain.name() || current.refreshToken.isEmpty())
                qFatal("refreshed the wrong login");
            *o = refreshed;
            return refreshResult;
        };
        Domain::parse(QStringLiteral("astronomer.io"), &domain, nullptr);
        refreshed.accessToken = QStringLiteral("new-access");
        refreshed.refreshToken = QStringLiteral("rotated-refresh");
        refreshed.obtainedAt = now;
        refreshed.expiresAt = now.addSecs(3600);
    }
    // A stored login whose access token expires `secs` from now (it lived an hour).
    Credentials stored(qint64 secs, const QString& refresh = QStringLiteral("old-refresh"))
    {
        Credentials c;
        c.accessToken = QStringLiteral("old-access");
        c.refreshToken = refresh;
        c.expiresAt = now.addSecs(secs);
        c.obtainedAt = c.expiresAt.addSecs(-3600);
        store.items.insert(domain.name(), c);
        return c;
    }
    // Another process holds the domain's refresh lock for `ms` (a flock of its own, released
    // by a thread), while `setStore` runs: what that process leaves in the store.
    struct Holder
    {
        std::unique_ptr<platform::FileLock> lock;
        std::thread releaser;
        ~Holder()
        {
            if (releaser.joinable())
                releaser.join();
        }
    };
    std::unique_ptr<Holder> holdLock(int ms)
    {
        QDir().mkpath(dir.filePath(QStringLiteral(".astro")));
        auto h = std::make_unique<Holder>();
        h->lock = std::make_unique<platform::FileLock>(
            dir.filePath(QStringLiteral(".astro/refresh-astronomer.io.lock")));
        if (h->lock->tryLock() != platform::FileLock::Acquired)
            qFatal("could not take the refresh lock");
        h->releaser = std::thread([holder = h.get(), ms] {
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            holder->lock.reset(); // released (~Holder joins before its members go)
        });
        return h;
    }
};

} // namespace

class TstRefresh : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aValidTokenIsUsedAsItIs()
    {
        Harness h;
        Credentials c = h.stored(3000);
        bool refreshed = true;
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &c, &refreshed).ok());
        QCOMPARE(h.refreshCalls, 0);
        QVERIFY(!refreshed);
        QCOMPARE(c.accessToken, QStringLiteral("old-access"));
    }
    void aTokenAboutToExpireIsRefreshedAndTheRotatedTokenStored()
    {
        Harness h;
        Credentials c = h.stored(60);
        bool refreshed = false;
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &c, &refreshed).ok());
        QCOMPARE(h.refreshCalls, 1);
        QVERIFY(refreshed);
        QCOMPARE(c.accessToken, QStringLiteral("new-access"));
        QCOMPARE(h.store.items.value(h.domain.name()).refreshToken,
                 QStringLiteral("rotated-refresh"));
    }
    void theLeanAstroHandsTheRefreshOver()
    {
        Harness h;
        h.s.refreshTokens = nullptr; // as wired in the lean astro
        Credentials c = h.stored(60);
        const Error e = ensureFreshCredentials(h.s, h.domain, &h.store, &c);
        QCOMPARE(int(e.code), int(ExitHandOver));
        QCOMPARE(h.store.writes, 0);
        QCOMPARE(c.accessToken, QStringLiteral("old-access"));
    }
    void anExpiredTokenWithoutRefreshTokenMeansLogInAgain()
    {
        Harness h;
        Credentials c = h.stored(-10, QString());
        const Error e = ensureFreshCredentials(h.s, h.domain, &h.store, &c);
        QCOMPARE(int(e.code), int(ExitAuthFailed));
        QVERIFY(e.message.contains(QStringLiteral("astro login astronomer.io")));
        QCOMPARE(h.refreshCalls, 0);
    }
    // An APC (Houston) token has no refresh token and is never refreshed: valid, it is used as
    // it is, even within the refresh window; expired, it means logging in again.
    void anApcTokenIsNeverRefreshed()
    {
        Harness h;
        Domain::parse(QStringLiteral("example.com"), &h.domain, nullptr);
        Credentials c = h.stored(60, QString());
        c.product = Product::Apc;
        bool refreshed = true;
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &c, &refreshed).ok());
        QVERIFY(!refreshed);
        QCOMPARE(c.accessToken, QStringLiteral("old-access"));
        // Not even with a stray refresh token in the stored value.
        c.refreshToken = QStringLiteral("stray");
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &c, &refreshed).ok());
        QCOMPARE(h.refreshCalls, 0);
        QCOMPARE(h.store.writes, 0);
    }
    void anExpiredApcTokenMeansLogInAgain()
    {
        Harness h;
        Domain::parse(QStringLiteral("example.com"), &h.domain, nullptr);
        Credentials c = h.stored(-10, QStringLiteral("stray"));
        c.product = Product::Apc;
        const Error e = ensureFreshCredentials(h.s, h.domain, &h.store, &c);
        QCOMPARE(int(e.code), int(ExitAuthFailed));
        QVERIFY2(e.message.contains(QStringLiteral("Your token has expired. Please log in again")),
                 qPrintable(e.message));
        QVERIFY(e.message.contains(QStringLiteral("astro login example.com")));
        QCOMPARE(h.refreshCalls, 0);
    }
    void aRefusedRefreshChangesNothing()
    {
        Harness h;
        h.refreshResult = Error::make(ExitAuthFailed, QStringLiteral("invalid_grant"));
        Credentials c = h.stored(240); // even with minutes left: the login is over
        const Error e = ensureFreshCredentials(h.s, h.domain, &h.store, &c);
        QCOMPARE(int(e.code), int(ExitAuthFailed));
        QCOMPARE(h.refreshCalls, 1); // never retried
        QCOMPARE(h.store.writes, 0);
        QCOMPARE(h.store.items.value(h.domain.name()).refreshToken, QStringLiteral("old-refresh"));
    }
    // The identity provider unreachable (or answering nonsense) while the token still works
    // for a while: the current token is used, with a warning, so a script goes on; nothing is
    // stored. (A refusal, invalid_grant, is final: aRefusedRefreshChangesNothing.)
    void anUnreachableServerLeavesTheStillValidTokenInUse()
    {
        Harness h;
        h.refreshResult = Error::make(ExitNetwork, QStringLiteral("could not connect"));
        Credentials c = h.stored(240);
        bool refreshed = true;
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &c, &refreshed).ok());
        QCOMPARE(h.refreshCalls, 1);
        QVERIFY(!refreshed);
        QCOMPARE(c.accessToken, QStringLiteral("old-access"));
        QCOMPARE(h.store.writes, 0);
        const QString err = h.stderrText();
        QVERIFY2(err.contains(QStringLiteral("could not refresh the token for astronomer.io: "
                                             "could not connect")),
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("Using the current token, which expires in 4 "
                                             "minutes (at 2027-01-15T08:04:00Z).")),
                 qPrintable(err));
        QVERIFY(!err.contains(QStringLiteral("old-access")));
    }
    // Processes that waited for the lock while another's refresh could not reach the server
    // (offline, each would wait out the timeout in turn) use the current token at once: the
    // record that process left names the token they have.
    void aWaiterAfterAnOfflineRefreshUsesTheCurrentTokenAtOnce()
    {
        Harness h;
        h.refreshResult = Error::make(ExitNetwork, QStringLiteral("could not connect"));
        Credentials first = h.stored(240);
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &first).ok()); // the one that tried
        QCOMPARE(h.refreshCalls, 1);
        Credentials c = h.store.items.value(h.domain.name());
        auto holder = h.holdLock(1500); // we wait for it
        bool refreshed = true;
        QString notRefreshed;
        QVERIFY(
            ensureFreshCredentials(h.s, h.domain, &h.store, &c, &refreshed, &notRefreshed).ok());
        QCOMPARE(h.refreshCalls, 1); // not tried again
        QVERIFY(!refreshed);
        QCOMPARE(c.accessToken, QStringLiteral("old-access"));
        QCOMPARE(notRefreshed,
                 QStringLiteral("another astro process tried just now and could not reach the "
                                "server."));
        QVERIFY2(h.stderrText().contains(QStringLiteral(
                     "could not refresh the token for astronomer.io: another astro process "
                     "tried just now and could not reach the server.")),
                 qPrintable(h.stderrText()));
    }
    // A waiter whose holder was refused (invalid_grant: no record), or did something else under
    // the lock, asks the server itself: a refusal stays final for every process.
    void aWaiterAfterARefusedRefreshAsksTheServerItself()
    {
        Harness h;
        h.refreshResult = Error::make(ExitAuthFailed, QStringLiteral("invalid_grant"));
        Credentials c = h.stored(240);
        auto holder = h.holdLock(1500);
        const Error e = ensureFreshCredentials(h.s, h.domain, &h.store, &c);
        QCOMPARE(int(e.code), int(ExitAuthFailed));
        QCOMPARE(h.refreshCalls, 1);
    }
#ifndef Q_OS_WIN
    // Something other than a record in its place (a FIFO, which would block a plain open) is
    // no record: the waiter asks the server itself, and does not hang.
    void aFifoInPlaceOfTheRecordIsNoRecord()
    {
        Harness h;
        Credentials c = h.stored(240);
        QDir().mkpath(h.dir.filePath(QStringLiteral(".astro")));
        QCOMPARE(::mkfifo(QFile::encodeName(h.dir.filePath(QStringLiteral(
                                                ".astro/refresh-astronomer.io.offline")))
                              .constData(),
                          0600),
                 0);
        auto holder = h.holdLock(1500);
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &c).ok());
        QCOMPARE(h.refreshCalls, 1);
    }
#endif
    // A record for another token (an older login) is not this token's.
    void anOfflineRecordOfAnotherTokenIsIgnored()
    {
        Harness h;
        h.refreshResult = Error::make(ExitNetwork, QStringLiteral("could not connect"));
        Credentials first = h.stored(240);
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &first).ok());
        Credentials c = h.stored(200); // a new login since, with another expiry
        h.refreshResult = Error::none();
        auto holder = h.holdLock(1500);
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &c).ok());
        QCOMPARE(h.refreshCalls, 2);
        QCOMPARE(c.accessToken, QStringLiteral("new-access"));
    }
    // The minute is counted from when the refresh failed, not from before it: a slow failure
    // (timeouts) can leave less than a minute.
    void aSlowFailureIsCountedFromItsEnd()
    {
        Harness h;
        h.refreshResult = Error::make(ExitNetwork, QStringLiteral("timed out"));
        Credentials c = h.stored(80);
        const auto refresh = h.s.refreshTokens;
        h.s.refreshTokens = [&h, refresh](const Domain& d, const Credentials& cur,
                                          const QDateTime& t, Credentials* o) {
            h.now = h.now.addSecs(30); // the attempt took 30 s: 50 s left
            return refresh(d, cur, t, o);
        };
        const Error e = ensureFreshCredentials(h.s, h.domain, &h.store, &c);
        QCOMPARE(int(e.code), int(ExitNetwork));
        QVERIFY(h.stderrText().isEmpty());
    }
    // Less than a minute left is not worth handing out: the failure is reported.
    void anUnreachableServerAndATokenAboutToExpireIsAnError()
    {
        Harness h;
        h.refreshResult = Error::make(ExitNetwork, QStringLiteral("could not connect"));
        Credentials c = h.stored(59);
        const Error e = ensureFreshCredentials(h.s, h.domain, &h.store, &c);
        QCOMPARE(int(e.code), int(ExitNetwork));
        QCOMPARE(e.message, QStringLiteral("could not connect"));
        QVERIFY(h.stderrText().isEmpty());
    }
    void aStoreThatFailsOnceIsWrittenAgain()
    {
        Harness h;
        h.store.failWrites = 1;
        Credentials c = h.stored(60);
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &c).ok());
        QCOMPARE(h.store.writes, 2);
        QCOMPARE(h.store.items.value(h.domain.name()).refreshToken,
                 QStringLiteral("rotated-refresh"));
    }
    void aRotatedTokenThatCannotBeStoredSaysTheLoginIsLost()
    {
        Harness h;
        h.store.failWrites = 100;
        Credentials c = h.stored(60);
        const Error e = ensureFreshCredentials(h.s, h.domain, &h.store, &c);
        QCOMPARE(int(e.code), int(ExitStore));
        QCOMPARE(h.store.writes, 3);
        QVERIFY(e.message.contains(QStringLiteral("the login for astronomer.io is lost")));
        QVERIFY(e.message.contains(QStringLiteral("No space left on device")));
        QVERIFY(!e.message.contains(QStringLiteral("rotated-refresh")));
    }
    void anUnrotatedTokenThatCannotBeStoredKeepsTheLogin()
    {
        Harness h;
        h.store.failWrites = 100;
        h.refreshed.refreshToken = QStringLiteral("old-refresh"); // the server did not rotate
        Credentials c = h.stored(60);
        const Error e = ensureFreshCredentials(h.s, h.domain, &h.store, &c);
        QCOMPARE(int(e.code), int(ExitStore));
        QVERIFY(e.message.contains(QStringLiteral("The stored login still works")));
    }
    void aRefreshByAnotherProcessIsUsed()
    {
        Harness h;
        Credentials mine = h.stored(60);
        Credentials theirs = h.refreshed; // another process refreshed after we read the store
        h.store.items.insert(h.domain.name(), theirs);
        QVERIFY(ensureFreshCredentials(h.s, h.domain, &h.store, &mine).ok());
        QCOMPARE(h.refreshCalls, 0);
        QCOMPARE(mine.accessToken, QStringLiteral("new-access"));
    }
};

QTEST_GUILESS_MAIN(TstRefresh)
#include "tst_refresh.moc"
