#include "core/Config.h"
#include "platform/FileLock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace astro;

static QByteArray readAll(const QString& p)
{
    QFile f(p);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

static void writeRaw(const QString& p, const QByteArray& b)
{
    QFile f(p);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(b);
}

class TestConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void missingFileIsEmpty()
    {
        QTemporaryDir dir;
        ConfigFile file(dir.filePath(QStringLiteral(".astro/config.yaml")));
        Config c;
        QVERIFY(file.read(&c).ok());
        QVERIFY(c.currentContext().isEmpty());
        QVERIFY(c.contextKeys().isEmpty());
    }
    void writesAstroShapeWithModeAndKeepsUnknownKeys()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral(".astro/config.yaml"));
        QDir().mkpath(dir.filePath(QStringLiteral(".astro")));
        writeRaw(path, "local:\n  enabled: true\ncontexts:\n  astronomer_io:\n    domain: "
                       "astronomer.io\n    custom: keep-me\n");
        ConfigFile file(path);
        QVERIFY(file.update([](Config& c) {
                        c.setContextField(QStringLiteral("127_0_0_1:8080"),
                                          QStringLiteral("domain"),
                                          QStringLiteral("127.0.0.1:8080"));
                        c.setContextField(QStringLiteral("127_0_0_1:8080"),
                                          QStringLiteral("user_email"), QStringLiteral("a@b.c"));
                        c.setCurrentContext(QStringLiteral("127_0_0_1:8080"));
                    })
                    .ok());
        const QByteArray text = readAll(path);
        QVERIFY(text.contains("enabled: true"));
        QVERIFY(text.contains("custom: keep-me"));
        QVERIFY(text.contains("context: 127_0_0_1:8080"));
        QCOMPARE(QFile::permissions(path) & 0x7077,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        Config c;
        QVERIFY(file.read(&c).ok());
        QCOMPARE(c.context(QStringLiteral("127_0_0_1:8080")).userEmail, QStringLiteral("a@b.c"));
        QCOMPARE(c.context(QStringLiteral("astronomer_io")).domain,
                 QStringLiteral("astronomer.io"));
    }
    void clearLoginRemovesAstroCliSecrets()
    {
        Config c;
        QVERIFY(Config::parse("contexts:\n  x_io:\n    domain: x.io\n    token: Bearer abc\n    "
                              "refreshtoken: rrr\n    expiresin: 2026-01-01T00:00:00Z\n    "
                              "user_email: u@x.io\n",
                              QStringLiteral("t"), &c)
                    .ok());
        c.clearLogin(QStringLiteral("x_io"));
        const QByteArray out = c.serialize();
        QVERIFY(!out.contains("abc"));
        QVERIFY(!out.contains("rrr"));
        QVERIFY(!out.contains("u@x.io"));
        QVERIFY(!out.contains("token")); // the keys go too, with astro-cli's expiresin
        QVERIFY(!out.contains("expiresin"));
        QVERIFY(out.contains("domain: x.io"));
    }
    // Issue 11: astro-cli's plaintext tokens, as it writes them (Astro: "Bearer " prefix,
    // refreshtoken, expiresin as a timestamp; APC: a raw Houston JWT, nothing else).
    void readsAstroCliPlaintextTokens()
    {
        Config c;
        QVERIFY(Config::parse("contexts:\n  x_io:\n    domain: x.io\n    token: Bearer abc\n"
                              "    refreshtoken: rrr\n    expiresin: "
                              "2026-12-01T23:12:34.123456789+01:00\n    user_email: u@x.io\n"
                              "  apc_io:\n    domain: apc.io\n    token: eyJraw\n"
                              "  gone_io:\n    domain: gone.io\n    token: \"\"\n"
                              "    refreshtoken: \"\"\n  bearer_io:\n    token: \"Bearer \"\n",
                              QStringLiteral("t"), &c)
                    .ok());
        QCOMPARE(c.contextsWithPlaintextTokens(),
                 QStringList({QStringLiteral("x_io"), QStringLiteral("apc_io")}));
        const PlaintextTokens x = c.plaintextTokens(QStringLiteral("x_io"));
        QCOMPARE(x.accessToken, QStringLiteral("abc"));
        QCOMPARE(x.refreshToken, QStringLiteral("rrr"));
        QCOMPARE(x.expiresAt, QDateTime::fromString(QStringLiteral("2026-12-01T22:12:34.123Z"),
                                                    Qt::ISODateWithMs));
        const PlaintextTokens apc = c.plaintextTokens(QStringLiteral("apc_io"));
        QCOMPARE(apc.accessToken, QStringLiteral("eyJraw"));
        QVERIFY(apc.refreshToken.isEmpty());
        QVERIFY(!apc.expiresAt.isValid());
        QVERIFY(c.plaintextTokens(QStringLiteral("gone_io")).isEmpty());
        c.removePlaintextTokens(QStringLiteral("x_io"));
        const QByteArray out = c.serialize();
        QVERIFY(!out.contains("abc"));
        QVERIFY(!out.contains("rrr"));
        QVERIFY(!out.contains("expiresin"));
        QVERIFY(out.contains("user_email: u@x.io"));
        QVERIFY(out.contains("token: eyJraw"));
    }
    // YAML readers must see the values we did not change as they were (a quoted "0012" is a
    // string, a plain 0012 an octal number), and the values we write as strings.
    void valuesKeepTheirTypes()
    {
        Config c;
        QVERIFY(Config::parse("zip: \"0012\"\nyes_str: 'yes'\nday: \"2024-01-01\"\nport: "
                              "\"443\"\nplain: 0012\nflag: on\nempty: \"\"\nnull_str: "
                              "\"null\"\nnothing: ~\ncontexts:\n  x_io:\n    workspace: 123\n",
                              QStringLiteral("t"), &c)
                    .ok());
        c.setContextField(QStringLiteral("x_io"), QStringLiteral("workspace"),
                          QStringLiteral("000123"));
        c.setContextField(QStringLiteral("x_io"), QStringLiteral("user_email"),
                          QStringLiteral("a@b.c"));
        c.setContextField(QStringLiteral("x_io"), QStringLiteral("organization"),
                          QStringLiteral("yes"));
        c.setCurrentContext(QStringLiteral("x_io"));
        const QByteArray out = c.serialize();
        for (const char* kept : {"zip: \"0012\"", "yes_str: \"yes\"", "day: \"2024-01-01\"",
                                 "port: \"443\"", "plain: 0012", "flag: on", "empty: \"\"",
                                 "null_str: \"null\"", "nothing: ~", "workspace: \"000123\"",
                                 "user_email: a@b.c", "organization: \"yes\"", "context: x_io"})
            QVERIFY2(out.contains(kept),
                     qPrintable(QString::fromUtf8(out) + QStringLiteral(" lacks ") +
                                QString::fromUtf8(kept)));
        Config again;
        QVERIFY(Config::parse(out, QStringLiteral("t"), &again).ok());
        QCOMPARE(again.context(QStringLiteral("x_io")).workspace, QStringLiteral("000123"));
    }
    // Aliases are written out in full, but an alias bomb must not be (10^9 nodes here).
    void anAliasThatContainsItselfIsWrittenWithoutEndlessRecursion()
    {
        // Found by fuzz_config_yaml (a stack overflow): the anchor's own mapping refers to it.
        const QByteArray text = "defaults: &d\n  domain: x\n  self: *d\nother:\n  <<: *d\n";
        Config c;
        QVERIFY(Config::parse(text, QStringLiteral("t"), &c).ok());
        const QByteArray out = c.serialize();
        Config back;
        QVERIFY(Config::parse(out, QStringLiteral("t"), &back).ok());
        QVERIFY(out.contains("domain: x"));
    }
    void aliasBombIsNotExpanded()
    {
        QByteArray text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
        for (int i = 1; i < 10; ++i) {
            text += "a" + QByteArray::number(i) + ": &a" + QByteArray::number(i) + " [";
            for (int j = 0; j < 10; ++j)
                text += (j ? ", *a" : "*a") + QByteArray::number(i - 1);
            text += "]\n";
        }
        Config c;
        QVERIFY(Config::parse(text, QStringLiteral("t"), &c).ok());
        QElapsedTimer clock;
        clock.start();
        const QByteArray out = c.serialize();
        QVERIFY(clock.elapsed() < 20000);
        QVERIFY(out.size() < 1024 * 1024);
        Config again;
        QVERIFY(Config::parse(out, QStringLiteral("t"), &again).ok());
    }
    // How far aliases may multiply a file's nodes depends on the file's size: a 300-byte file
    // whose aliases make 2^19 nodes is written back with its aliases, not as megabytes (the
    // fuzzer's 74-byte cyclic alias took 15 s and 450 MiB under ASan, expanding 2 M nodes).
    void aliasesMultiplyingASmallFileAreKept_data()
    {
        QTest::addColumn<QByteArray>("text");
        QByteArray doubling = "a0: &a0 [x, x]\n";
        for (int i = 1; i <= 17; ++i)
            doubling += "a" + QByteArray::number(i) + ": &a" + QByteArray::number(i) + " [*a" +
                        QByteArray::number(i - 1) + ", *a" + QByteArray::number(i - 1) + "]\n";
        QTest::newRow("2^19 nodes from 300 bytes") << doubling;
        QTest::newRow("an anchor that contains itself")
            << QByteArray("defaults: &d\n  domain: x\n  self: *d\nother:\n  <<: *d\n");
    }
    void aliasesMultiplyingASmallFileAreKept()
    {
        QFETCH(QByteArray, text);
        Config c;
        QVERIFY(Config::parse(text, QStringLiteral("t"), &c).ok());
        const QByteArray out = c.serialize();
        QVERIFY2(out.size() < 4 * text.size(), out.left(200).constData());
        QVERIFY(out.contains("&"));
        Config again;
        QVERIFY(Config::parse(out, QStringLiteral("t"), &again).ok());
    }
    // A file of ordinary size still has its aliases written out in full.
    void mergeKeysOfAnOrdinaryFileAreWrittenOut()
    {
        QByteArray text =
            "defaults: &d {cloud: aws, region: us-east-1, tier: standard}\ncontexts:\n";
        for (int i = 0; i < 20; ++i)
            text += "  c" + QByteArray::number(i) + "_io:\n    <<: *d\n    domain: c" +
                    QByteArray::number(i) + ".io\n";
        Config c;
        QVERIFY(Config::parse(text, QStringLiteral("t"), &c).ok());
        const QByteArray out = c.serialize();
        QVERIFY2(!out.contains("*d"), out.constData());
        QCOMPARE(out.count("region: us-east-1"), 21);
    }
    void corruptFileIsReportedAndNeverOverwritten_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("bad yaml") << QByteArray("contexts: [unclosed\n  - : :\n");
        QTest::newRow("scalar root") << QByteArray("just a string\n");
        QTest::newRow("contexts is a list") << QByteArray("contexts:\n  - a\n  - b\n");
        QTest::newRow("context is a map") << QByteArray("context:\n  a: 1\n");
        QTest::newRow("tab indentation") << QByteArray("contexts:\n\tx: 1\n");
        QTest::newRow("non-scalar context name (fuzzer)") << QByteArray("contexts:\n  [a]: {}\n");
        QTest::newRow("map as context name") << QByteArray("contexts:\n  ? {x: 1}\n  : {}\n");
        QTest::newRow("duplicate context key")
            << QByteArray("context: a_io\ncontexts:\n  a_io: {domain: a.io}\ncontext: b_io\n");
        QTest::newRow("duplicate key in a context")
            << QByteArray("contexts:\n  a_io:\n    domain: a.io\n    domain: b.io\n");
        QTest::newRow("duplicate key, plain and quoted string")
            << QByteArray("contexts: {}\nabc: 1\n\"abc\": 2\n");
        QTest::newRow("duplicate key in a sequence's mapping")
            << QByteArray("other:\n  - {x: 1, x: 2}\n");
    }
    void corruptFileIsReportedAndNeverOverwritten()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config.yaml"));
        writeRaw(path, content);
        ConfigFile file(path);
        Config c;
        const Error e = file.read(&c);
        QCOMPARE(e.code, ExitConfig);
        QVERIFY(e.message.contains(path));
        const Error u =
            file.update([](Config& cfg) { cfg.setCurrentContext(QStringLiteral("x")); });
        QCOMPARE(u.code, ExitConfig);
        QCOMPARE(readAll(path), content);
    }
    void keysOfDifferentTypesAreNotDuplicates()
    {
        // `on` is a boolean for a YAML 1.1 reader (PyYAML, astro-cli's go-yaml v2), "on" a
        // string; 1 and "1" an integer and a string.
        Config c;
        const Error e =
            Config::parse("on: 1\n\"on\": 2\n1: a\n\"1\": b\n", QStringLiteral("x"), &c);
        QVERIFY2(e.ok(), qPrintable(e.message));
    }
    void lockHeldByAnotherProcessTimesOut()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config.yaml"));
        // A live holder: a lock of its own on the file (flock/LockFileEx locks conflict
        // between two opens, even in one process).
        {
            platform::FileLock held(path + QStringLiteral(".lock"));
            QCOMPARE(held.tryLock(), platform::FileLock::Acquired);
            ConfigFile file(path, 200);
            QElapsedTimer t;
            t.start();
            const Error e = file.update([](Config&) {});
            QCOMPARE(e.code, ExitConfig);
            QVERIFY(e.message.contains(QStringLiteral("locked")));
            // ...and it says who holds it.
            QVERIFY2(e.message.contains(
                         QStringLiteral("process %1.").arg(QCoreApplication::applicationPid())),
                     qPrintable(e.message));
            QVERIFY(t.elapsed() < 5000);
        }
        QVERIFY(ConfigFile(path, 200).update([](Config&) {}).ok());
    }
    // A holder that is not astro (`flock config.yaml.lock COMMAND`) writes nothing into the
    // file: on Linux the kernel's table of locks still names it.
    void lockHeldByAProcessThatWroteNothingIsNamed()
    {
#if defined(Q_OS_LINUX)
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config.yaml"));
        QProcess holder;
        holder.start(QStringLiteral("flock"), {path + QStringLiteral(".lock"),
                                               QStringLiteral("sleep"), QStringLiteral("5")});
        QVERIFY(holder.waitForStarted());
        QTRY_VERIFY(!platform::FileLock(path + QStringLiteral(".lock")).holder().isEmpty());
        const Error e = ConfigFile(path, 200).update([](Config&){});
        QCOMPARE(e.code, ExitConfig);
        QVERIFY2(e.message.contains(QStringLiteral("locked by another process")),
                 qPrintable(e.message));
        QVERIFY2(e.message.contains(QStringLiteral("The lock is held by ")), qPrintable(e.message));
        QVERIFY2(e.message.contains(QStringLiteral(", process ")), qPrintable(e.message));
        holder.kill();
        holder.waitForFinished();
#else
        QSKIP("the kernel's lock table is read on Linux only");
#endif
    }
    void staleOrEmptyLockFileNeverBlocks_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("a dead holder") << QByteArray("999999999 astro\n");
        QTest::newRow("garbage") << QByteArray("\x01\x02 not a lock");
    }
    void staleOrEmptyLockFileNeverBlocks()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config.yaml"));
        writeRaw(path + QStringLiteral(".lock"), content);
        ConfigFile file(path, 10000);
        QElapsedTimer t;
        t.start();
        const Error e = file.update([](Config& c) { c.setCurrentContext(QStringLiteral("x")); });
        QVERIFY2(e.ok(), qPrintable(e.message));
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
