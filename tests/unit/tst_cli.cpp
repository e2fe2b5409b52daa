// CLI tests with fake I/O, an isolated config and a memory store (no network).
#include "cli/Commands.h"
#include "core/DisplayText.h"
#include "fakes/CommandHarness.h"

#include <QTest>

using namespace astro;

struct Harness : CommandHarness<>
{
    Harness()
    {
        s.network = []() -> QNetworkAccessManager* {
            qFatal("this command must not touch the network");
            return nullptr;
        };
    }
    void loginAs(const QString& domain, const Credentials& c)
    {
        store.items.insert(domain, c);
        QString key = domain;
        key.replace(QLatin1Char('.'), QLatin1Char('_'));
        QVERIFY(config
                    .update([&](Config& cfg) {
                        cfg.setContextField(key, QStringLiteral("domain"), domain);
                        cfg.setContextField(key, QStringLiteral("user_email"),
                                            QStringLiteral("u@x.io"));
                        cfg.setCurrentContext(key);
                    })
                    .ok());
    }
};

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void helpOnEveryCommand_data()
    {
        QTest::addColumn<QString>("cmd");
        for (const char* c : {"auth login --help", "auth logout -h", "auth token --help",
                              "auth status --help", "login --help", "logout --help", "--help",
                              "auth --help", "auth exec --help", "auth configure-docker --help"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }
    void helpOnEveryCommand()
    {
        QFETCH(QString, cmd);
        Harness h;
        QCOMPARE(h.run(cmd), int(ExitOk));
        QVERIFY(h.stdoutText().contains(QStringLiteral("astro")));
        QVERIFY(h.stderrText().isEmpty());
    }
    void usageErrors_data()
    {
        QTest::addColumn<QString>("cmd");
        QTest::newRow("unknown command") << "frobnicate";
        QTest::newRow("unknown auth command") << "auth frob";
        QTest::newRow("unknown flag") << "auth token --bogus";
        QTest::newRow("missing flag value") << "login --token-login";
        QTest::newRow("two domains") << "login a.io b.io -t x";
        QTest::newRow("token takes no args") << "auth token extra";
        QTest::newRow("bad domain") << "auth token -d a/b";
        QTest::newRow("status: two domains") << "auth status a.io b.io";
        QTest::newRow("status: extra after --json") << "auth status a.io --json extra";
        QTest::newRow("context list extra") << "context list extra";
        QTest::newRow("version extra") << "version extra";
        QTest::newRow("logout: two domains") << "logout a.io b.io";
        QTest::newRow("completion: two shells") << "completion bash zsh";
        QTest::newRow("context switch: two domains") << "context switch a.io b.io";
    }
    void usageErrors()
    {
        QFETCH(QString, cmd);
        Harness h;
        QCOMPARE(h.run(cmd), int(ExitUsage));
        QVERIFY(h.stdoutText().isEmpty());
        QVERIFY(h.stderrText().startsWith(QStringLiteral("Error: ")));
    }
    void extraArgumentsNameTheCommand()
    {
        Harness h;
        QCOMPARE(h.run(QStringLiteral("auth status a.io --json extra")), int(ExitUsage));
        QCOMPARE(h.stderrText(),
                 QStringLiteral("Error: 'astro auth status' takes at most 1 argument(s), not 2.\n"
                                "Run 'astro auth status --help' for usage.\n"));
        Harness v;
        QCOMPARE(v.run(QStringLiteral("version extra")), int(ExitUsage));
        QVERIFY(v.stderrText().startsWith(
            QStringLiteral("Error: 'astro version' takes no arguments, not \"extra\".\n")));
    }
    void helpOfTheRightCommand_data()
    {
        QTest::addColumn<QString>("cmd");
        QTest::addColumn<QString>("expected");
        QTest::newRow("auth") << "auth"
                              << "astro auth <command>";
        QTest::newRow("help auth") << "help auth"
                                   << "astro auth <command>";
        QTest::newRow("help login") << "help login"
                                    << "astro login ";
        QTest::newRow("help auth status") << "help auth status"
                                          << "astro auth status [DOMAIN]";
        QTest::newRow("help context list") << "help context list"
                                           << "astro context list";
        QTest::newRow("completion bash --help") << "completion bash --help"
                                                << "astro completion bash|zsh";
        QTest::newRow("version --help") << "version --help"
                                        << "astro version [flags]";
    }
    void helpOfTheRightCommand()
    {
        QFETCH(QString, cmd);
        QFETCH(QString, expected);
        Harness h;
        QCOMPARE(h.run(cmd), int(ExitOk));
        QVERIFY2(h.stdoutText().contains(expected), qPrintable(h.stdoutText()));
        QVERIFY(!h.stdoutText().contains(QStringLiteral("Commands:\n  auth login")));
        QVERIFY(h.stderrText().isEmpty());
    }
    void subcommandHelpHasOneBlankLineBeforeOptions()
    {
        Harness h;
        QCOMPARE(h.run(QStringLiteral("auth status --help")), int(ExitOk));
        QVERIFY2(h.stdoutText().contains(QStringLiteral("[--json]\n\nOptions:\n")),
                 qPrintable(h.stdoutText()));
    }
    void globalHelpListsTheEnvironment()
    {
        Harness h;
        QCOMPARE(h.run(QStringLiteral("--help")), int(ExitOk));
        for (const char* v : {"ASTRO_LANG", "ASTRO_LOGIN_TIMEOUT", "ASTRO_CALLBACK_PORT",
                              "ASTRO_HTTP_TIMEOUT", "ASTRO_KEYCHAIN_TIMEOUT", "ASTRO_API_TOKEN"})
            QVERIFY2(h.stdoutText().contains(QLatin1String(v)), v);
    }
    void mistypedCommandGetsASuggestion_data()
    {
        QTest::addColumn<QString>("cmd");
        QTest::addColumn<QString>("suggestion");
        QTest::newRow("lgoin") << "lgoin"
                               << "Did you mean 'login'?";
        QTest::newRow("auth toke") << "auth toke"
                                   << "Did you mean 'token'?";
        QTest::newRow("prefix") << "vers"
                                << "Did you mean 'version'?";
        QTest::newRow("two") << "logot"
                             << "Did you mean 'login' or 'logout'?";
        QTest::newRow("upper case") << "LOGIN"
                                    << "Did you mean 'login'?";
        QTest::newRow("none") << "frobnicate"
                              << "";
        QTest::newRow("auth exce") << "auth exce"
                                   << "Did you mean 'exec'?";
        QTest::newRow("auth configure-dokcer") << "auth configure-dokcer"
                                               << "Did you mean 'configure-docker'?";
        QTest::newRow("context lsit") << "context lsit"
                                      << "Did you mean 'list'?";
        QTest::newRow("completion bsh") << "completion bsh"
                                        << "Did you mean 'bash' or";
    }
    void mistypedCommandGetsASuggestion()
    {
        QFETCH(QString, cmd);
        QFETCH(QString, suggestion);
        Harness h;
        QCOMPARE(h.run(cmd), int(ExitUsage));
        if (suggestion.isEmpty())
            QVERIFY2(!h.stderrText().contains(QStringLiteral("Did you mean")),
                     qPrintable(h.stderrText()));
        else
            QVERIFY2(h.stderrText().contains(suggestion), qPrintable(h.stderrText()));
    }
    // Every help that lists commands lists them all, the newer ones too.
    void helpListsEveryCommand_data()
    {
        QTest::addColumn<QString>("cmd");
        QTest::addColumn<QStringList>("names");
        const QStringList auth{"login [DOMAIN]",  "logout [DOMAIN]", "token",
                               "status [DOMAIN]", "exec -- COMMAND", "configure-docker"};
        QTest::newRow("auth") << "auth" << auth;
        QTest::newRow("auth --help") << "auth --help" << auth;
        QTest::newRow("help auth") << "help auth" << auth;
        QStringList global;
        for (const QString& a : auth)
            global << QStringLiteral("auth ") + a;
        global << "context <command>"
               << "completion SHELL"
               << "version"
               << "help";
        QTest::newRow("--help") << "--help" << global;
        QTest::newRow("help") << "help" << global;
        const QStringList context{"list [--names]", "switch DOMAIN", "delete DOMAIN"};
        QTest::newRow("context --help") << "context --help" << context;
        QTest::newRow("help context") << "help context" << context;
    }
    void helpListsEveryCommand()
    {
        QFETCH(QString, cmd);
        QFETCH(QStringList, names);
        Harness h;
        QCOMPARE(h.run(cmd), int(ExitOk));
        for (const QString& n : names)
            QVERIFY2(h.stdoutText().contains(QStringLiteral("\n  ") + n + QLatin1Char(' ')),
                     qPrintable(n + QStringLiteral(" missing from:\n") + h.stdoutText()));
        QVERIFY(h.stderrText().isEmpty());
    }
    // An empty DOMAIN argument or -d/--domain value is a usage error naming it, never "not
    // given" (which would mean the current context, or astronomer.io).
    void emptyDomainIsAUsageError_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<QString>("named");
        QTest::newRow("logout ''") << QStringList{"logout", ""} << "DOMAIN";
        QTest::newRow("auth logout ' '") << QStringList{"auth", "logout", " "} << "DOMAIN";
        QTest::newRow("auth status ''") << QStringList{"auth", "status", ""} << "DOMAIN";
        QTest::newRow("auth token -d ''") << QStringList{"auth", "token", "-d", ""} << "--domain";
        QTest::newRow("auth token --domain=")
            << QStringList{"auth", "token", "--domain="} << "--domain";
        QTest::newRow("auth exec -d '' -- true")
            << QStringList{"auth", "exec", "-d", "", "--", "true"} << "--domain";
        QTest::newRow("context switch ''") << QStringList{"context", "switch", ""} << "DOMAIN";
        QTest::newRow("context delete ''") << QStringList{"context", "delete", ""} << "DOMAIN";
        QTest::newRow("login ''") << QStringList{"login", "", "-t", "x"} << "DOMAIN";
    }
    void emptyDomainIsAUsageError()
    {
        QFETCH(QStringList, argv);
        QFETCH(QString, named);
        Harness h;
        Credentials creds;
        creds.accessToken = QStringLiteral("the-access-token");
        creds.expiresAt = h.now.addSecs(3600);
        h.loginAs(QStringLiteral("astronomer.io"), creds);
        h.loginAs(QStringLiteral("example.com"), creds); // the current context
        bool ran = false;
        h.s.execCommand = [&ran](const QStringList&, const QProcessEnvironment&, QString*) {
            ran = true; // must not happen
            return 0;
        };
        QCOMPARE(h.run(argv), int(ExitUsage));
        QVERIFY(!ran);
        QVERIFY(h.stdoutText().isEmpty());
        QVERIFY2(h.stderrText().startsWith(QStringLiteral("Error: ")) &&
                     h.stderrText().contains(named),
                 qPrintable(h.stderrText()));
        // Nothing logged out, nothing switched.
        QVERIFY(h.store.items.contains(QStringLiteral("astronomer.io")));
        QVERIFY(h.store.items.contains(QStringLiteral("example.com")));
        Config c;
        QVERIFY(h.config.read(&c).ok());
        QCOMPARE(c.currentContext(), QStringLiteral("example_com"));
    }
    void tokenWithoutLogin()
    {
        Harness h;
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitFailure));
        QVERIFY(h.stdoutText().isEmpty());
        QCOMPARE(
            h.stderrText(),
            QStringLiteral("Error: no token found. Please run 'astro login' to authenticate\n"));
    }
    void tokenPrintsOnlyTheToken()
    {
        Harness h;
        Credentials c;
        c.accessToken = QStringLiteral("the-access-token");
        c.expiresAt = h.now.addSecs(3600);
        h.loginAs(QStringLiteral("x.io"), c);
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitOk));
        QCOMPARE(h.stdoutText(), QStringLiteral("the-access-token\n"));
        QVERIFY(h.stderrText().isEmpty());
    }
    void tokenForAnotherDomain()
    {
        Harness h;
        Credentials c;
        c.accessToken = QStringLiteral("t1");
        h.loginAs(QStringLiteral("x.io"), c);
        c.accessToken = QStringLiteral("t2");
        h.store.items.insert(QStringLiteral("y.io"), c);
        QCOMPARE(h.run(QStringLiteral("auth token -d y.io")), int(ExitOk));
        QCOMPARE(h.stdoutText(), QStringLiteral("t2\n"));
    }
    void envTokenWinsAndIsNotStored()
    {
        Harness h;
        h.s.env.insert(QStringLiteral("ASTRO_API_TOKEN"), QStringLiteral("env-token"));
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitOk));
        QCOMPARE(h.stdoutText(), QStringLiteral("env-token\n"));
        QVERIFY(h.store.items.isEmpty());
    }
    void expiredWithoutRefreshToken()
    {
        Harness h;
        Credentials c;
        c.accessToken = QStringLiteral("old-token");
        c.expiresAt = h.now.addSecs(-10);
        h.loginAs(QStringLiteral("x.io"), c);
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitAuthFailed));
        QVERIFY(h.stdoutText().isEmpty());
        QVERIFY(h.stderrText().contains(QStringLiteral("expired")));
        QVERIFY(!h.stderrText().contains(QStringLiteral("old-token")));
    }
    void storeFailureIsReported()
    {
        Harness h;
        Credentials c;
        c.accessToken = QStringLiteral("t");
        h.loginAs(QStringLiteral("x.io"), c);
        h.store.failWith = StoreStatus::Timeout;
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitStore));
    }
    void statusNeverShowsSecrets()
    {
        Harness h;
        Credentials c;
        c.accessToken = QStringLiteral("secret-access");
        c.refreshToken = QStringLiteral("secret-refresh");
        c.expiresAt = h.now.addSecs(7200);
        h.loginAs(QStringLiteral("x.io"), c);
        QCOMPARE(h.run(QStringLiteral("auth status")), int(ExitOk));
        QVERIFY(h.stdoutText().contains(QStringLiteral("u@x.io")));
        QVERIFY(h.stdoutText().contains(QStringLiteral("in 2 hours")));
        QVERIFY(!h.stdoutText().contains(QStringLiteral("secret-")));
        Harness j;
        j.loginAs(QStringLiteral("x.io"), c);
        QCOMPARE(j.run(QStringLiteral("auth status --json")), int(ExitOk));
        QVERIFY(j.stdoutText().contains(QStringLiteral("\"refreshable\": true")));
        QVERIFY(!j.stdoutText().contains(QStringLiteral("secret-")));
    }
    void statusWhenLoggedOut()
    {
        Harness h;
        QCOMPARE(h.run(QStringLiteral("auth status")), int(ExitFailure));
        QVERIFY(h.stdoutText().contains(QStringLiteral("Not logged in")));
    }
    static QString jwt(const QByteArray& payload)
    {
        auto b64 = [](const QByteArray& b) {
            return QString::fromLatin1(
                b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        return b64(R"({"alg":"RS256"})") + QLatin1Char('.') + b64(payload) +
               QStringLiteral(".c2ln");
    }
    void statusShowsTheEnvironmentToken()
    {
        Harness h;
        Credentials c;
        c.accessToken = QStringLiteral("stored");
        c.expiresAt = h.now.addSecs(3600);
        h.loginAs(QStringLiteral("x.io"), c);
        const QString token = jwt(R"({"email":"env@astro.test","exp":1800003600})");
        h.s.env.insert(QStringLiteral("ASTRO_API_TOKEN"), token);
        QCOMPARE(h.run(QStringLiteral("auth status")), int(ExitOk));
        const QString out = h.stdoutText();
        QVERIFY2(out.startsWith(QStringLiteral("ASTRO_API_TOKEN is set")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("  User:          env@astro.test\n")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("  Token:         expires 2027-01-15T09:00:00Z (in 1 "
                                             "hour)\n")),
                 qPrintable(out));
        QVERIFY(!out.contains(token));
        QVERIFY(!out.contains(QStringLiteral("u@x.io"))); // not the stored login's user

        Harness j;
        j.s.env.insert(QStringLiteral("ASTRO_API_TOKEN"),
                       jwt(R"({"email":"env@astro.test","exp":1799999000})"));
        QCOMPARE(j.run(QStringLiteral("auth status --json")), int(ExitFailure)); // expired
        QVERIFY2(j.stdoutText().contains(QStringLiteral("\"source\": \"ASTRO_API_TOKEN\"")),
                 qPrintable(j.stdoutText()));
        QVERIFY(j.stdoutText().contains(QStringLiteral("\"expired\": true")));
        QVERIFY(j.stdoutText().contains(QStringLiteral("\"user_email\": \"env@astro.test\"")));
    }
    void environmentTokenWithControlCharactersIsRefused_data()
    {
        QTest::addColumn<QString>("cmd");
        QTest::addColumn<QString>("value");
        QTest::newRow("token, newline") << "auth token"
                                        << "abc\ndef";
        QTest::newRow("token, trailing newline") << "auth token"
                                                 << "abc\n";
        QTest::newRow("token, escape") << "auth token"
                                       << "abc\x1b[2J";
        QTest::newRow("status, newline") << "auth status"
                                         << "abc\rdef";
        QTest::newRow("status --json, DEL") << "auth status --json"
                                            << "abc\x7f";
    }
    void environmentTokenWithControlCharactersIsRefused()
    {
        QFETCH(QString, cmd);
        QFETCH(QString, value);
        Harness h;
        h.s.env.insert(QStringLiteral("ASTRO_API_TOKEN"), value);
        QCOMPARE(h.run(cmd), int(ExitUsage));
        QVERIFY(h.stdoutText().isEmpty());
        QVERIFY2(h.stderrText().startsWith(QStringLiteral("Error: ASTRO_API_TOKEN must be")),
                 qPrintable(h.stderrText()));
        QVERIFY(!h.stderrText().contains(QStringLiteral("abc")));
    }
    void contextListAlignsByDisplayWidth()
    {
        Harness h;
        QVERIFY(h.config
                    .update([](Config& c) {
                        c.setContextField(QStringLiteral("a_io"), QStringLiteral("domain"),
                                          QStringLiteral("a.io"));
                        c.setContextField(QStringLiteral("a_io"), QStringLiteral("user_email"),
                                          QStringLiteral("用户@例子.jp"));
                        c.setContextField(QStringLiteral("a_io"), QStringLiteral("workspace"),
                                          QStringLiteral("w1"));
                        const QString longName =
                            QStringLiteral("a-very-long-domain-name-for-the-table.example.com");
                        c.setContextField(QStringLiteral("b"), QStringLiteral("domain"), longName);
                        c.setContextField(QStringLiteral("b"), QStringLiteral("user_email"),
                                          QStringLiteral("e\u0301@x.io")); // combining accent
                        c.setContextField(QStringLiteral("b"), QStringLiteral("workspace"),
                                          QStringLiteral("w2"));
                    })
                    .ok());
        QCOMPARE(h.run(QStringLiteral("context list")), int(ExitOk));
        const QStringList lines = h.stdoutText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        // The last column starts at the same display column on every line.
        int column = -1;
        for (const QString& line : lines) {
            const int at = line.lastIndexOf(QLatin1Char(' ')) + 1;
            const int width = displayWidth(line.left(at));
            if (column < 0)
                column = width;
            QVERIFY2(width == column, qPrintable(h.stdoutText()));
        }
    }
    void statusProblemIsInLine()
    {
        Harness h;
        h.s.env.insert(QStringLiteral("ASTRO_HOME"), h.dir.path());
        h.s.refreshTokens = [](const Domain&, const Credentials&, const QDateTime&, Credentials*) {
            return Error::make(ExitAuthFailed, QStringLiteral("refresh refused"));
        };
        Credentials c;
        c.accessToken = QStringLiteral("a");
        c.refreshToken = QStringLiteral("r");
        c.expiresAt = h.now.addSecs(60);
        h.loginAs(QStringLiteral("x.io"), c);
        QCOMPARE(h.run(QStringLiteral("auth status")), int(ExitFailure));
        const QString out = h.stdoutText();
        QVERIFY2(out.contains(QStringLiteral("\n  User:          u@x.io\n")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("\n  Problem:       refresh refused\n")),
                 qPrintable(out));
    }
    void displayWidthCountsColumns()
    {
        QCOMPARE(displayWidth(QStringLiteral("abc")), 3);
        QCOMPARE(displayWidth(QStringLiteral("日本語")), 6);
        QCOMPARE(displayWidth(QStringLiteral("ＡＢ")), 4);       // fullwidth
        QCOMPARE(displayWidth(QStringLiteral("e\u0301")), 1);    // combining
        QCOMPARE(displayWidth(QStringLiteral("\U0001F680")), 2); // emoji
        QCOMPARE(padToWidth(QStringLiteral("日本"), 6), QStringLiteral("日本  "));
    }
    void corruptConfigIsAClearError()
    {
        Harness h;
        QDir().mkpath(h.dir.filePath(QStringLiteral(".astro")));
        QFile f(h.config.path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("contexts: [broken\n");
        f.close();
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitConfig));
        QVERIFY(h.stderrText().contains(h.config.path()));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
