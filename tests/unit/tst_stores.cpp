#include "core/QtCompat.h"
#include "fakes/MemoryStore.h"
#include "store/FallbackStore.h"
#include "store/FileStore.h"
#include "store/KeychainStore.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <qt6keychain/keychain.h>

using namespace astro;
Q_DECLARE_METATYPE(astro::StoreStatus)

// A keychain that reads and writes but fails to delete.
class UndeletableStore : public MemoryStore
{
public:
    StoreResult remove(const QString&) override
    {
        return StoreResult::fail(StoreStatus::IoError, QStringLiteral("could not delete"));
    }
};

static Credentials sample(const QString& at = QStringLiteral("access-1"))
{
    Credentials c;
    c.accessToken = at;
    c.refreshToken = QStringLiteral("refresh-1");
    c.expiresAt = utcFromSecsSinceEpoch(1900000000);
    return c;
}

class TestStores : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void memoryStore()
    {
        MemoryStore m;
        Credentials c;
        QCOMPARE(m.read(QStringLiteral("d"), &c).status, StoreStatus::NotFound);
        QVERIFY(m.write(QStringLiteral("d"), sample()).ok());
        QVERIFY(m.read(QStringLiteral("d"), &c).ok());
        QCOMPARE(c.accessToken, QStringLiteral("access-1"));
        QVERIFY(m.remove(QStringLiteral("d")).ok());
        QVERIFY(m.remove(QStringLiteral("d")).ok());
    }
    // The product in the stored value: Astro by default and for values stored before it
    // existed; an APC login keeps it (and has no refresh token, so it is never refreshed).
    void credentialsProductRoundTrip()
    {
        Credentials astroLogin = sample();
        QCOMPARE(astroLogin.product, Product::Astro);
        Credentials back;
        QVERIFY(Credentials::fromJson(astroLogin.toJson(), &back));
        QCOMPARE(back.product, Product::Astro);
        QVERIFY(back.canRefresh());

        Credentials apc;
        apc.accessToken = QStringLiteral("houston-jwt");
        apc.expiresAt = utcFromSecsSinceEpoch(1900000000);
        apc.product = Product::Apc;
        QVERIFY(apc.toJson().contains("\"product\":\"apc\""));
        QVERIFY(Credentials::fromJson(apc.toJson(), &back));
        QCOMPARE(back.product, Product::Apc);
        QCOMPARE(back.accessToken, QStringLiteral("houston-jwt"));
        QCOMPARE(back.expiresAt, apc.expiresAt);
        QVERIFY(back.refreshToken.isEmpty());
        QVERIFY(!back.canRefresh());
        // Never refreshable, even if a refresh token found its way into the value.
        back.refreshToken = QStringLiteral("stray");
        QVERIFY(!back.canRefresh());
        QVERIFY(Credentials::fromJson(back.toJson(), &back));
        QVERIFY(!back.canRefresh());

        // A value stored before the field existed is Astro's.
        QVERIFY(Credentials::fromJson(
            R"({"access_token":"a","refresh_token":"r","expires_at":1900000000,"token_type":"Bearer"})",
            &back));
        QCOMPARE(back.product, Product::Astro);
        QVERIFY(back.canRefresh());
        // An unknown product is not guessed at.
        Credentials untouched = sample(QStringLiteral("untouched"));
        QVERIFY(!Credentials::fromJson(R"({"access_token":"a","product":"software"})", &untouched));
        QVERIFY(!Credentials::fromJson(R"({"access_token":"a","product":1})", &untouched));
        QCOMPARE(untouched.accessToken, QStringLiteral("untouched"));
    }
    void apcCredentialsSurviveTheStores()
    {
        QTemporaryDir dir;
        FileStore f(dir.filePath(QStringLiteral(".astro/credentials.json")), [](const QString&) {});
        Credentials apc;
        apc.accessToken = QStringLiteral("houston-jwt");
        apc.product = Product::Apc;
        QVERIFY(f.write(QStringLiteral("example.com"), apc).ok());
        Credentials back;
        QVERIFY(f.read(QStringLiteral("example.com"), &back).ok());
        QCOMPARE(back.product, Product::Apc);
        QCOMPARE(back.accessToken, QStringLiteral("houston-jwt"));
    }
    void fileStoreModesAndRoundTrip()
    {
        QTemporaryDir dir;
        const QString astroDir = dir.filePath(QStringLiteral(".astro"));
        const QString path = astroDir + QStringLiteral("/credentials.json");
        QStringList warnings;
        FileStore f(path, [&](const QString& w) { warnings << w; });
        Credentials c;
        QCOMPARE(f.read(QStringLiteral("x.io"), &c).status, StoreStatus::NotFound);
        QVERIFY(f.write(QStringLiteral("x.io"), sample()).ok());
        QVERIFY(f.write(QStringLiteral("y.io"), sample(QStringLiteral("access-2"))).ok());
        QCOMPARE(warnings.size(), 2); // said on every write
        QCOMPARE(QFile::permissions(path) & 0x7077,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(QFile::permissions(astroDir) & 0x7077,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(f.read(QStringLiteral("y.io"), &c).ok());
        QCOMPARE(c.accessToken, QStringLiteral("access-2"));
        QVERIFY(f.remove(QStringLiteral("y.io")).ok());
        QCOMPARE(f.read(QStringLiteral("y.io"), &c).status, StoreStatus::NotFound);
        QVERIFY(f.read(QStringLiteral("x.io"), &c).ok());
        // No temporary files left behind by the atomic replace (the lock file stays: the
        // kernel releases its lock, and removing it would race with the next holder).
        QCOMPARE(QDir(astroDir)
                     .entryList(QDir::Files | QDir::Hidden)
                     .filter(QRegularExpression(QStringLiteral("^credentials(?!.*\\.lock$)")))
                     .size(),
                 1);
    }
    void fileStoreRefusesReadableByOthers()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("credentials.json"));
        FileStore f(path, nullptr);
        QVERIFY(f.write(QStringLiteral("x.io"), sample()).ok());
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                        QFileDevice::ReadGroup | QFileDevice::ReadOther);
        Credentials c;
        const StoreResult r = f.read(QStringLiteral("x.io"), &c);
        QCOMPARE(r.status, StoreStatus::Insecure);
        QVERIFY(r.message.contains(QStringLiteral("chmod 600")));
        QCOMPARE(f.write(QStringLiteral("x.io"), sample()).status, StoreStatus::Insecure);
    }
    void fileStoreCorruptIsNotOverwritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("credentials.json"));
        {
            QFile raw(path);
            QVERIFY(raw.open(QIODevice::WriteOnly));
            raw.write("{not json");
            raw.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
        FileStore f(path, nullptr);
        Credentials c;
        QCOMPARE(f.read(QStringLiteral("x.io"), &c).status, StoreStatus::Corrupt);
        QCOMPARE(f.write(QStringLiteral("x.io"), sample()).status, StoreStatus::Corrupt);
        QFile raw(path);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QCOMPARE(raw.readAll(), QByteArray("{not json"));
    }
    void fallbackUsesFileWhenKeychainUnavailable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("credentials.json"));
        auto keychain = std::make_unique<MemoryStore>();
        MemoryStore* k = keychain.get();
        k->failWith = StoreStatus::Unavailable;
        QStringList warnings;
        auto warn = [&](const QString& w) { warnings << w; };
        FallbackStore s(std::move(keychain), std::make_unique<FileStore>(path, warn), warn);
        QVERIFY(s.write(QStringLiteral("x.io"), sample()).ok());
        QVERIFY(QFile::exists(path));
        QVERIFY(s.location().startsWith(QStringLiteral("file ")));
        QVERIFY(!warnings.isEmpty());
        Credentials c;
        QVERIFY(s.read(QStringLiteral("x.io"), &c).ok());
        // Within this process the keychain is not tried again (no second timeout).
        k->failWith = StoreStatus::Ok;
        QVERIFY(s.write(QStringLiteral("x.io"), sample(QStringLiteral("access-2"))).ok());
        QVERIFY(s.location().startsWith(QStringLiteral("file ")));
        QVERIFY(k->items.isEmpty());
        // A later process with the keychain back writes there and removes the plaintext copy.
        auto keychain2 = std::make_unique<MemoryStore>();
        FallbackStore later(std::move(keychain2), std::make_unique<FileStore>(path, warn), warn);
        QVERIFY(later.write(QStringLiteral("x.io"), sample(QStringLiteral("access-3"))).ok());
        QCOMPARE(later.location(), QStringLiteral("memory"));
        FileStore f(path, nullptr);
        QCOMPARE(f.read(QStringLiteral("x.io"), &c).status, StoreStatus::NotFound);
    }
    void fallbackDoesNotHideOtherErrors()
    {
        QTemporaryDir dir;
        auto keychain = std::make_unique<MemoryStore>();
        keychain->failWith = StoreStatus::Corrupt;
        FallbackStore s(
            std::move(keychain),
            std::make_unique<FileStore>(dir.filePath(QStringLiteral("c.json")), nullptr), nullptr);
        Credentials c;
        QCOMPARE(s.read(QStringLiteral("x.io"), &c).status, StoreStatus::Corrupt);
        QCOMPARE(s.write(QStringLiteral("x.io"), sample()).status, StoreStatus::Corrupt);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("c.json"))));
    }
    // Every QtKeychain error has an explicit meaning; only "no keychain here" lets the
    // fallback take over, and a failed delete is a failure.
    void keychainErrorMapping_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<StoreStatus>("status");
        QTest::newRow("NoError") << int(QKeychain::NoError) << StoreStatus::Ok;
        QTest::newRow("EntryNotFound") << int(QKeychain::EntryNotFound) << StoreStatus::NotFound;
        QTest::newRow("CouldNotDeleteEntry")
            << int(QKeychain::CouldNotDeleteEntry) << StoreStatus::IoError;
        QTest::newRow("AccessDeniedByUser")
            << int(QKeychain::AccessDeniedByUser) << StoreStatus::Denied;
        QTest::newRow("AccessDenied") << int(QKeychain::AccessDenied) << StoreStatus::Denied;
        QTest::newRow("NoBackendAvailable")
            << int(QKeychain::NoBackendAvailable) << StoreStatus::Unavailable;
        QTest::newRow("NotImplemented")
            << int(QKeychain::NotImplemented) << StoreStatus::Unavailable;
        // libsecret without a D-Bus session or a collection says OtherError.
        QTest::newRow("OtherError") << int(QKeychain::OtherError) << StoreStatus::Unavailable;
        QTest::newRow("an unknown error") << 4711 << StoreStatus::IoError;
    }
    void keychainErrorMapping()
    {
        QFETCH(int, error);
        QFETCH(StoreStatus, status);
        QCOMPARE(KeychainStore::statusOf(error), status);
    }
    // The direct reader (the Secret Service over D-Bus) answers first; QtKeychain reads only
    // what it could not.
    void keychainDirectReaderFoundIsTheAnswer()
    {
        KeychainStore k(QStringLiteral("test keychain"), 2000);
        int calls = 0;
        k.setDirectReader([&](const QString& key, QByteArray* payload) {
            ++calls;
            if (key != QLatin1String("direct.example"))
                return platform::DirectRead::Unknown;
            *payload = sample(QStringLiteral("from-direct")).toJson();
            return platform::DirectRead::Found;
        });
        Credentials c;
        // No keychain holds this key: only the direct reader can have answered.
        QVERIFY(k.read(QStringLiteral("direct.example"), &c).ok());
        QCOMPARE(c.accessToken, QStringLiteral("from-direct"));
        QCOMPARE(c.refreshToken, QStringLiteral("refresh-1"));
        QCOMPARE(calls, 1);
    }
    void keychainDirectReaderCorruptPayloadIsReported()
    {
        KeychainStore k(QStringLiteral("test keychain"), 2000);
        k.setDirectReader([](const QString&, QByteArray* payload) {
            *payload = "not json";
            return platform::DirectRead::Found;
        });
        Credentials c;
        const StoreResult r = k.read(QStringLiteral("direct.example"), &c);
        QCOMPARE(r.status, StoreStatus::Corrupt);
        QVERIFY(r.message.contains(QStringLiteral("direct.example")));
    }
    void keychainDirectReaderTimeoutEndsTheRead()
    {
        KeychainStore k(QStringLiteral("test keychain"), 1500);
        int calls = 0;
        k.setDirectReader([&](const QString&, QByteArray*) {
            ++calls;
            return platform::DirectRead::TimedOut;
        });
        Credentials c;
        const StoreResult r = k.read(QStringLiteral("direct.example"), &c);
        QCOMPARE(r.status, StoreStatus::Timeout);
        QVERIFY(r.message.contains(QStringLiteral("1.5 s")));
        QVERIFY(r.message.contains(QStringLiteral("ASTRO_KEYCHAIN_TIMEOUT")));
        // A hung keychain is not asked again (neither directly nor through QtKeychain).
        QCOMPARE(k.read(QStringLiteral("direct.example"), &c).status, StoreStatus::Timeout);
        QCOMPARE(calls, 1);
    }
    void keychainDirectReaderUnknownLeavesItToQtKeychain()
    {
        KeychainStore k(QStringLiteral("test keychain"), 2000);
        int calls = 0;
        k.setDirectReader([&](const QString&, QByteArray*) {
            ++calls;
            return platform::DirectRead::Unknown;
        });
        Credentials c;
        // QtKeychain answers: not found in a keyring, or no keychain here; never a success.
        const StoreResult r = k.read(QStringLiteral("nobody-stored-this.example"), &c);
        QVERIFY(!r.ok());
        QCOMPARE(calls, 1);
    }
    void fallbackRemoveReportsAFailedKeychainDelete()
    {
        QTemporaryDir dir;
        auto keychain = std::make_unique<UndeletableStore>();
        QVERIFY(keychain->write(QStringLiteral("x.io"), sample()).ok());
        FallbackStore s(
            std::move(keychain),
            std::make_unique<FileStore>(dir.filePath(QStringLiteral("c.json")), nullptr), nullptr);
        const StoreResult r = s.remove(QStringLiteral("x.io"));
        QCOMPARE(r.status, StoreStatus::IoError);
        QVERIFY(r.message.contains(QStringLiteral("could not delete")));
        Credentials c;
        QVERIFY(s.read(QStringLiteral("x.io"), &c).ok()); // still there, and not called deleted
    }
};

QTEST_GUILESS_MAIN(TestStores)
#include "tst_stores.moc"
