// parseLoginOptions as a table: the command line and the environment in, LoginOptions or
// one usage error out.
#include "core/ExitCode.h"
#include "login/LoginOptions.h"

#include <QtTest>

using namespace astro;
using Method = LoginOptions::Method;

Q_DECLARE_METATYPE(LoginOptions::Method)

class TestLoginOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<Method>("method");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("timeout");
        QTest::addColumn<QString>("error"); // a part of the message

        const QStringList none;
        QTest::newRow("defaults") << QStringList{} << none << true << Method::Auto << 12345 << 300
                                  << QString();
        QTest::newRow("domain") << QStringList{"example.io"} << none << true << Method::Auto
                                << 12345 << 300 << QString();
        QTest::newRow("two domains") << QStringList{"a.io", "b.io"} << none << false << Method::Auto
                                     << 0 << 0 << "at most one DOMAIN";
        QTest::newRow("empty domain") << QStringList{"", "-t", "T"} << none << false << Method::Auto
                                      << 0 << 0 << "DOMAIN argument is empty";
        QTest::newRow("token") << QStringList{"-t", "T"} << none << true << Method::Token << 12345
                               << 300 << QString();
        QTest::newRow("token, long form with =") << QStringList{"--token-login=@f"} << none << true
                                                 << Method::Token << 12345 << 300 << QString();
        QTest::newRow("empty token")
            << QStringList{"-t", ""} << none << false << Method::Auto << 0 << 0 << "needs a TOKEN";
        QTest::newRow("@ without a file")
            << QStringList{"-t", "@"} << none << false << Method::Auto << 0 << 0 << "file name";
        QTest::newRow("link") << QStringList{"--login-link"} << none << true << Method::Link
                              << 12345 << 300 << QString();
        QTest::newRow("no-browser is a link") << QStringList{"--no-browser"} << none << true
                                              << Method::Link << 12345 << 300 << QString();
        QTest::newRow("device") << QStringList{"--device-code"} << none << true << Method::Device
                                << 12345 << 300 << QString();
        QTest::newRow("browser") << QStringList{"--browser"} << none << true << Method::Browser
                                 << 12345 << 300 << QString();
        QTest::newRow("two ways") << QStringList{"-t", "T", "--device-code"} << none << false
                                  << Method::Auto << 0 << 0 << "choose one way";
        QTest::newRow("browser and link") << QStringList{"--browser", "-l"} << none << false
                                          << Method::Auto << 0 << 0 << "choose one way";
        QTest::newRow("port flag") << QStringList{"--callback-port", "0"} << none << true
                                   << Method::Auto << 0 << 300 << QString();
        QTest::newRow("empty port flag")
            << QStringList{"--callback-port", ""} << none << false << Method::Auto << 0 << 0
            << "--callback-port must be a port number from 0 to 65535, not \"\"";
        QTest::newRow("port too big") << QStringList{"--callback-port", "65536"} << none << false
                                      << Method::Auto << 0 << 0 << "from 0 to 65535";
        QTest::newRow("port from the environment")
            << QStringList{} << QStringList{"ASTRO_CALLBACK_PORT=4242"} << true << Method::Auto
            << 4242 << 300 << QString();
        QTest::newRow("the flag wins over the environment")
            << QStringList{"--callback-port", "1"} << QStringList{"ASTRO_CALLBACK_PORT=abc"} << true
            << Method::Auto << 1 << 300 << QString();
        QTest::newRow("a bad port variable names itself")
            << QStringList{} << QStringList{"ASTRO_CALLBACK_PORT=abc"} << false << Method::Auto << 0
            << 0 << "ASTRO_CALLBACK_PORT must be";
        QTest::newRow("a token login ignores the browser's variables")
            << QStringList{"-t", "T"}
            << QStringList{"ASTRO_CALLBACK_PORT=abc", "ASTRO_LOGIN_TIMEOUT=abc"} << true
            << Method::Token << 12345 << 300 << QString();
        QTest::newRow("a device login too")
            << QStringList{"--device-code"} << QStringList{"ASTRO_LOGIN_TIMEOUT=-1"} << true
            << Method::Device << 12345 << 300 << QString();
        QTest::newRow("timeout") << QStringList{"--timeout", "60"} << none << true << Method::Auto
                                 << 12345 << 60 << QString();
        QTest::newRow("empty timeout") << QStringList{"--timeout", ""} << none << false
                                       << Method::Auto << 0 << 0 << "--timeout must be";
        QTest::newRow("timeout names its range")
            << QStringList{"--timeout", "2147484"} << none << false << Method::Auto << 0 << 0
            << "from 1 to 86400";
        QTest::newRow("zero timeout") << QStringList{"--timeout", "0"} << none << false
                                      << Method::Auto << 0 << 0 << "from 1 to 86400";
        QTest::newRow("timeout from the environment")
            << QStringList{} << QStringList{"ASTRO_LOGIN_TIMEOUT=5"} << true << Method::Auto
            << 12345 << 5 << QString();
        QTest::newRow("a bad timeout variable names itself")
            << QStringList{"-l"} << QStringList{"ASTRO_LOGIN_TIMEOUT=abc"} << false << Method::Auto
            << 0 << 0 << "ASTRO_LOGIN_TIMEOUT must be";
        QTest::newRow("an empty variable is unset")
            << QStringList{} << QStringList{"ASTRO_LOGIN_TIMEOUT="} << true << Method::Auto << 12345
            << 300 << QString();
        QTest::newRow("gui") << QStringList{"--gui"} << none << true << Method::Auto << 12345 << 300
                             << QString();
        QTest::newRow("gui with a token") << QStringList{"--gui", "-t", "T"} << none << false
                                          << Method::Auto << 0 << 0 << "--gui";
        QTest::newRow("oauth with a token")
            << QStringList{"-o", "-t", "T"} << none << false << Method::Auto << 0 << 0 << "--oauth";
        QTest::newRow("oauth with a device code") << QStringList{"--oauth", "--device-code"} << none
                                                  << false << Method::Auto << 0 << 0 << "--oauth";
        QTest::newRow("apc and oauth") << QStringList{"--apc", "-o", "localhost:8871"} << none
                                       << true << Method::Auto << 12345 << 300 << QString();
        QTest::newRow("oauth with a link") << QStringList{"--oauth", "--login-link"} << none << true
                                           << Method::Link << 12345 << 300 << QString();
        QTest::newRow("unknown flag")
            << QStringList{"--bogus"} << none << false << Method::Auto << 0 << 0 << "bogus";
    }

    void parse()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, env);
        QFETCH(bool, ok);
        QFETCH(Method, method);
        QFETCH(int, port);
        QFETCH(int, timeout);
        QFETCH(QString, error);
        QProcessEnvironment e;
        for (const QString& kv : env)
            e.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
        LoginOptions o;
        const Error result = parseLoginOptions(args, e, &o);
        QCOMPARE(result.ok(), ok);
        if (!ok) {
            QCOMPARE(int(result.code), int(ExitUsage));
            QVERIFY2(result.message.contains(error), qPrintable(result.message));
            return;
        }
        QCOMPARE(o.method, method);
        QCOMPARE(int(o.callbackPort), port);
        QCOMPARE(o.timeoutSecs, timeout);
    }

    void apcAndOauthAreKept()
    {
        LoginOptions o;
        QVERIFY(parseLoginOptions({QStringLiteral("--apc"), QStringLiteral("-o")},
                                  QProcessEnvironment(), &o)
                    .ok());
        QVERIFY(o.apc);
        QVERIFY(o.oauth);
        QVERIFY(parseLoginOptions({}, QProcessEnvironment(), &o).ok());
        QVERIFY(!o.apc);
        QVERIFY(!o.oauth);
    }

    void helpStopsEverything()
    {
        LoginOptions o;
        QVERIFY(parseLoginOptions({QStringLiteral("--gui"), QStringLiteral("--help")},
                                  QProcessEnvironment(), &o)
                    .ok());
        QVERIFY(o.help);
    }

    void theTokenArgumentIsKept()
    {
        LoginOptions o;
        QVERIFY(parseLoginOptions(
                    {QStringLiteral("d.io"), QStringLiteral("-t"), QStringLiteral("@/tmp/t")},
                    QProcessEnvironment(), &o)
                    .ok());
        QCOMPARE(o.domain, QStringLiteral("d.io"));
        QCOMPARE(o.tokenArgument, QStringLiteral("@/tmp/t"));
    }
};

QTEST_GUILESS_MAIN(TestLoginOptions)
#include "tst_login_options.moc"
