// `auth exec` and the Docker credential helper with fake I/O, a memory store and a fake
// exec (issue 11 §2): where the token goes, usage errors, the protocol's exact bytes.
#include "cli/Commands.h"
#include "fakes/CommandHarness.h"

#include <QTest>

using namespace astro;

namespace {

struct Harness : CommandHarness<>
{
    QString stdinText;
    // What the fake exec was given.
    bool execCalled = false;
    QStringList execArgv;
    QProcessEnvironment execEnv;
    int execResult = 0;
    QString execError;

    Harness() : CommandHarness(Console::Input{false, false, true, {}, [this] { return stdinText; }})
    {
        s.env.insert(QStringLiteral("ASTRO_HOME"), dir.path());
        s.execCommand = [this](const QStringList& argv, const QProcessEnvironment& env,
                               QString* error) {
            execCalled = true;
            execArgv = argv;
            execEnv = env;
            *error = execError;
            return execResult;
        };
    }
    int helper(const QString& action, const QString& input)
    {
        stdinText = input;
        return runDockerCredentialHelper(s, {action}, [](const Domain&, QString*) {
            return Error::make(ExitFailure, QStringLiteral("no network in this test"));
        });
    }
    void loginAs(const QString& domain, const QString& token, qint64 validSecs = 3600)
    {
        Credentials c;
        c.accessToken = token;
        c.refreshToken = QStringLiteral("refresh");
        c.expiresAt = now.addSecs(validSecs);
        store.items.insert(domain, c);
        QString key = domain;
        key.replace(QLatin1Char('.'), QLatin1Char('_'));
        QVERIFY(config
                    .update([&](Config& cfg) {
                        cfg.setContextField(key, QStringLiteral("domain"), domain);
                        cfg.setCurrentContext(key);
                    })
                    .ok());
    }
};

} // namespace

class TestExec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenInTheEnvironmentOnly()
    {
        Harness h;
        h.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("tok-123"));
        h.execResult = 0; // a child that ran (the Windows way): its status is returned as is
        QCOMPARE(h.run({"auth", "exec", "--", "tool", "--flag", "x"}), 0);
        QVERIFY(h.execCalled);
        QCOMPARE(h.execArgv, QStringList({"tool", "--flag", "x"}));
        QCOMPARE(h.execEnv.value(QStringLiteral("ASTRO_API_TOKEN")), QStringLiteral("tok-123"));
        QCOMPARE(h.execEnv.value(QStringLiteral("ASTRO_DOMAIN")), QStringLiteral("astronomer.io"));
        QCOMPARE(h.execEnv.value(QStringLiteral("ASTRO_HOME")), h.dir.path()); // the rest kept
        QVERIFY(h.stdoutText().isEmpty());
        QVERIFY(h.stderrText().isEmpty());
    }
    void envNameAndExitStatus()
    {
        Harness h;
        h.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("tok-123"));
        h.execResult = 42;
        QCOMPARE(h.run({"auth", "exec", "--env", "MY_TOKEN", "--", "tool"}), 42);
        QCOMPARE(h.execEnv.value(QStringLiteral("MY_TOKEN")), QStringLiteral("tok-123"));
        QVERIFY(!h.execEnv.contains(QStringLiteral("ASTRO_API_TOKEN")));
    }
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::newRow("no --") << QStringList{"auth", "exec", "tool"};
        QTest::newRow("no command") << QStringList{"auth", "exec", "--"};
        QTest::newRow("argument before --") << QStringList{"auth", "exec", "x", "--", "tool"};
        QTest::newRow("bad --env") << QStringList{"auth", "exec", "--env", "A-B", "--", "tool"};
        QTest::newRow("empty --env") << QStringList{"auth", "exec", "--env", "", "--", "tool"};
        // Names that would change how the command runs, or lose the token (ld.so prints an
        // LD_PRELOAD it cannot load, token and all).
        QTest::newRow("--env LD_PRELOAD")
            << QStringList{"auth", "exec", "--env", "LD_PRELOAD", "--", "tool"};
        QTest::newRow("--env DYLD_INSERT_LIBRARIES")
            << QStringList{"auth", "exec", "--env", "DYLD_INSERT_LIBRARIES", "--", "tool"};
        QTest::newRow("--env PATH") << QStringList{"auth", "exec", "--env", "PATH", "--", "tool"};
        QTest::newRow("--env ASTRO_DOMAIN")
            << QStringList{"auth", "exec", "--env", "ASTRO_DOMAIN", "--", "tool"};
    }
    void usageErrors()
    {
        QFETCH(QStringList, argv);
        Harness h;
        h.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("tok-123"));
        QCOMPARE(h.run(argv), int(ExitUsage));
        QVERIFY(!h.execCalled);
        QVERIFY(h.stderrText().startsWith(QStringLiteral("Error: ")));
    }
    void notFoundAndNotExecutable()
    {
        Harness h;
        h.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("tok-123"));
        h.execResult = 127;
        h.execError = QStringLiteral("No such file or directory");
        QCOMPARE(h.run({"auth", "exec", "--", "nope"}), 127);
        QCOMPARE(h.stderrText(), QStringLiteral("Error: command not found: nope\n"));
        Harness g;
        g.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("tok-123"));
        g.execResult = 126;
        g.execError = QStringLiteral("Permission denied");
        QCOMPARE(g.run({"auth", "exec", "--", "./x"}), 126);
        QCOMPARE(g.stderrText(), QStringLiteral("Error: cannot run ./x: Permission denied\n"));
    }
    void dueRefreshHandsOverBeforeAnything()
    {
        Harness h; // no refreshTokens: the lean astro
        h.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("old"), 60);
        QCOMPARE(h.run({"auth", "exec", "--", "tool"}), int(ExitHandOver));
        QVERIFY(!h.execCalled);
        QVERIFY(h.stdoutText().isEmpty());
        QVERIFY(h.stderrText().isEmpty());
    }
    // ASTRO_API_TOKEN wins, as in auth token, also on a machine with no context (a CI job):
    // the domain is then astro-cli's default.
    void environmentTokenWithoutAContext()
    {
        Harness h;
        h.s.env.insert(QStringLiteral("ASTRO_API_TOKEN"), QStringLiteral("env-token"));
        QCOMPARE(h.run({"auth", "exec", "--", "tool"}), 0);
        QVERIFY(h.execCalled);
        QCOMPARE(h.execEnv.value(QStringLiteral("ASTRO_API_TOKEN")), QStringLiteral("env-token"));
        QCOMPARE(h.execEnv.value(QStringLiteral("ASTRO_DOMAIN")), QStringLiteral("astronomer.io"));
        QVERIFY(h.stderrText().isEmpty());
    }
    void noLogin()
    {
        Harness h;
        QCOMPARE(h.run({"auth", "exec", "--", "tool"}), int(ExitFailure));
        QVERIFY(!h.execCalled);
    }

    // docker-credential-astro
    void helperGetAnswersGoJson()
    {
        Harness h;
        h.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("a<b>&c\"d"));
        QCOMPARE(
            h.helper(QStringLiteral("get"), QStringLiteral("https://images.astronomer.cloud\n")),
            0);
        QCOMPARE(h.stdoutText(),
                 QStringLiteral("{\"ServerURL\":\"https://images.astronomer.cloud\","
                                "\"Username\":\"cli\",\"Secret\":"
                                "\"a\\u003cb\\u003e\\u0026c\\\"d\"}\n"));
    }
    void helperNotFound_data()
    {
        QTest::addColumn<QString>("server");
        QTest::newRow("another registry") << "docker.io";
        QTest::newRow("no login for astronomer-dev.io") << "images.astronomer-dev.cloud";
        QTest::newRow("a look-alike") << "images.astronomer.cloud.evil.example";
    }
    void helperNotFound()
    {
        QFETCH(QString, server);
        Harness h;
        h.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("tok"));
        QCOMPARE(h.helper(QStringLiteral("get"), server), 1);
        QCOMPARE(h.stdoutText(), QStringLiteral("credentials not found in native keychain\n"));
    }
    void helperLocalRegistry()
    {
        Harness h;
        h.loginAs(QStringLiteral("localhost:8888"), QStringLiteral("tok"));
        h.s.env.insert(QStringLiteral("ASTRO_IMAGE_REGISTRY"), QStringLiteral("localhost:5000"));
        h.s.env.insert(QStringLiteral("ASTRO_API_TOKEN"), QStringLiteral("ignored"));
        QCOMPARE(h.helper(QStringLiteral("get"), QStringLiteral("localhost:5000")), 0);
        QVERIFY(h.stdoutText().contains(QStringLiteral("\"Secret\":\"tok\"")));
    }
    // APC: astro-cli logs Docker in to registry.<domain> as "user" with the Houston token; the
    // helper answers the same from the stored login, and nothing once it is logged out.
    void helperApcRegistry()
    {
        Harness h;
        h.loginAs(QStringLiteral("mycorp.example"), QStringLiteral("houston-jwt"));
        QCOMPARE(h.helper(QStringLiteral("get"), QStringLiteral("registry.mycorp.example")), 0);
        QCOMPARE(h.stdoutText(),
                 QStringLiteral("{\"ServerURL\":\"registry.mycorp.example\","
                                "\"Username\":\"user\",\"Secret\":\"houston-jwt\"}\n"));
        Harness l;
        l.loginAs(QStringLiteral("mycorp.example"), QStringLiteral("houston-jwt"));
        QCOMPARE(l.helper(QStringLiteral("list"), QString()), 0);
        QCOMPARE(l.stdoutText(), QStringLiteral("{\"registry.mycorp.example\":\"user\"}\n"));
        h.store.items.clear(); // logged out
        QCOMPARE(h.helper(QStringLiteral("get"), QStringLiteral("registry.mycorp.example")), 1);
        QVERIFY(
            h.stdoutText().endsWith(QStringLiteral("credentials not found in native keychain\n")));
        // Not an APC registry: Astro's own domains have theirs.
        Harness a;
        a.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("tok"));
        QCOMPARE(a.helper(QStringLiteral("get"), QStringLiteral("registry.astronomer.io")), 1);
    }
    void helperStoreEraseListVersion()
    {
        Harness h;
        h.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("tok"));
        const auto before = h.store.items;
        QCOMPARE(h.helper(QStringLiteral("store"),
                          QStringLiteral("{\"ServerURL\":\"images.astronomer.cloud\",\"Username\":"
                                         "\"cli\",\"Secret\":\"other\"}")),
                 0);
        QCOMPARE(h.helper(QStringLiteral("erase"), QStringLiteral("images.astronomer.cloud")), 0);
        QVERIFY(h.stdoutText().isEmpty());
        QCOMPARE(h.store.items.value(QStringLiteral("astronomer.io")).accessToken,
                 before.value(QStringLiteral("astronomer.io")).accessToken);
        QCOMPARE(h.helper(QStringLiteral("store"), QStringLiteral("{\"ServerURL\":\"x\"}")), 1);
        QCOMPARE(h.stdoutText(), QStringLiteral("no credentials username\n"));
        Harness l;
        l.loginAs(QStringLiteral("astronomer.io"), QStringLiteral("tok"));
        QCOMPARE(l.helper(QStringLiteral("list"), QString()), 0);
        QCOMPARE(l.stdoutText(), QStringLiteral("{\"images.astronomer.cloud\":\"cli\"}\n"));
        Harness e;
        QCOMPARE(e.helper(QStringLiteral("get"), QStringLiteral("  \n")), 1);
        QCOMPARE(e.stdoutText(), QStringLiteral("no credentials server URL\n"));
    }
};

QTEST_GUILESS_MAIN(TestExec)
#include "tst_exec.moc"
