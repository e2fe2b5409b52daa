// The Houston GraphQL client (src/auth/Houston.h) against the real local Houston
// (tests/server/houston.js, graphql-js), started here on a free port: every query, each of
// Houston's errors, the version check, and that no password or token reaches any output, Qt's
// own debug logging included.
#include "auth/Houston.h"
#include "core/QtCompat.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace astro;

namespace {

// Every message Qt or astro logs while the tests run (with debug logging on for all
// categories), to check that no secret is in any of them.
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;
void collect(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log << QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') +
                     message;
    }
    if (type != QtDebugMsg && g_previousHandler)
        g_previousHandler(type, context, message);
}

const QString kPassword = QStringLiteral("both-password");

} // namespace

class TestHouston : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_houston;
    QString m_url; // http://127.0.0.1:PORT
    Domain m_domain;
    mutable BoundedNetworkAccessManager m_nam;
    QStringList m_secrets; // every token the tests saw, and the passwords

    HoustonClient client() const { return HoustonClient(Http(&m_nam), m_domain); }

    void configure(const QByteArray& json)
    {
        const HttpResponse r =
            Http(&m_nam).postJson(QUrl(m_url + QStringLiteral("/__test/config")), json);
        QVERIFY2(r.isSuccess(), qPrintable(r.errorString));
    }
    QString login(const QString& identity, const QString& password)
    {
        HoustonToken t;
        const Error e = client().createBasicToken(identity, password, &t);
        m_secrets << t.value;
        return e ? QString() : t.value;
    }
    QString mint(const QString& user, int ttl)
    {
        const HttpResponse r = Http(&m_nam).postJson(
            QUrl(m_url + QStringLiteral("/__test/token")),
            QJsonDocument(QJsonObject{{QStringLiteral("user"), user}, {QStringLiteral("ttl"), ttl}})
                .toJson());
        const QString token = r.json().value(QStringLiteral("token")).toString();
        m_secrets << token;
        return token;
    }
    QStringList labels(const QList<HoustonWorkspace>& list)
    {
        QStringList r;
        for (const HoustonWorkspace& w : list)
            r << w.label;
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Debug logging on for every category (as QT_LOGGING_RULES="*.debug=true" does, which
        // ctest sets too), collected for noSecretInAnyOutput().
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        g_previousHandler = qInstallMessageHandler(collect);

        const QString portFile = m_dir.filePath(QStringLiteral("url"));
        m_houston.setProgram(QStringLiteral("node"));
        m_houston.setArguments(
            {QStringLiteral(ASTRO_SOURCE_DIR "/tests/server/houston.js"), QStringLiteral("--port"),
             QStringLiteral("0"), QStringLiteral("--port-file"), portFile,
             QStringLiteral("--log-file"), m_dir.filePath(QStringLiteral("log"))});
        m_houston.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_houston.start();
        QVERIFY2(m_houston.waitForStarted(), "node is needed to run tests/server/houston.js");
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(portFile), 10000);
        QFile f(portFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_url = QString::fromUtf8(f.readAll()).trimmed();
        QVERIFY(Domain::parse(m_url, &m_domain, nullptr, Product::Apc));
        QVERIFY(m_domain.isApc());
        QCOMPARE(m_domain.houstonUrl().toString(), m_url + QStringLiteral("/v1"));
        m_secrets << kPassword << QStringLiteral("local-password")
                  << QStringLiteral("zero-password");
    }
    void cleanupTestCase()
    {
        m_houston.terminate();
        m_houston.waitForFinished(5000);
        qInstallMessageHandler(g_previousHandler);
    }
    void init()
    {
        configure(R"({"houstonVersion":"0.35.0","localEnabled":true,"publicSignup":false,)"
                  R"("providers":["google","github"],"tokenTtl":86400,"errorMessage":null})");
    }

    void authConfig()
    {
        HoustonAuthConfig c;
        const Error e = client().authConfig(QStringLiteral("http://localhost:1234/cb"), &c);
        QVERIFY2(e.ok(), qPrintable(e.message));
        QVERIFY(c.localEnabled);
        QVERIFY(!c.publicSignup);
        QVERIFY(!c.initialSignup);
        QCOMPARE(c.providers.size(), 2);
        QCOMPARE(c.providers[0].name, QStringLiteral("google"));
        QCOMPARE(c.providers[0].displayName, QStringLiteral("Google"));
        QCOMPARE(c.providers[0].url.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(c.providers[0]
                    .url.query(QUrl::FullyDecoded)
                    .contains(QStringLiteral("redirect=http://localhost:1234/cb")));
    }
    void authConfigWithOAuthDisabledAndLocalOff()
    {
        configure(R"({"localEnabled":false,"publicSignup":true,"providers":[]})");
        HoustonAuthConfig c;
        QVERIFY(client().authConfig(QString(), &c).ok());
        QVERIFY(!c.localEnabled);
        QVERIFY(c.publicSignup);
        QVERIFY(c.providers.isEmpty());
    }
    void serverTextIsMadeSafe()
    {
        configure(R"({"providers":["evil\u001b[2J\nLogin succeeded"]})");
        HoustonAuthConfig c;
        QVERIFY(client().authConfig(QString(), &c).ok());
        QCOMPARE(c.providers.size(), 1);
        QVERIFY(!c.providers[0].name.contains(QChar(0x1b)));
        QVERIFY(!c.providers[0].name.contains(QLatin1Char('\n')));

        configure(R"({"errorMessage":"boom\u001b]0;owned\u0007\nYou are logged in"})");
        const Error e = client().authConfig(QString(), &c);
        QCOMPARE(int(e.code), int(ExitFailure));
        QVERIFY2(e.message.contains(QStringLiteral("boom")), qPrintable(e.message));
        QVERIFY(!e.message.contains(QChar(0x1b)));
        QVERIFY(!e.message.contains(QChar(0x07)));
        QVERIFY(!e.message.contains(QLatin1Char('\n')));
    }
    void createBasicToken()
    {
        HoustonToken t;
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const Error e =
            client().createBasicToken(QStringLiteral("both@houston.test"), kPassword, &t);
        QVERIFY2(e.ok(), qPrintable(e.message));
        m_secrets << t.value;
        QVERIFY(HoustonClient::isWellFormedToken(t.value));
        QCOMPARE(t.user.id, QStringLiteral("u-both"));
        QCOMPARE(t.user.username, QStringLiteral("both@houston.test"));
        QCOMPARE(t.user.fullName, QStringLiteral("Local And OAuth"));
        QCOMPARE(t.user.status, QStringLiteral("active"));
        // 24 h from the JWT's exp.
        QVERIFY(t.expiresAt.isValid());
        QVERIFY(qAbs(before.secsTo(t.expiresAt) - 86400) <= 5);
        QCOMPARE(t.expiresAt, HoustonClient::tokenExpiry(t.value));

        HoustonUser u;
        QVERIFY(client().self(t.value, &u).ok());
        QCOMPARE(u.id, QStringLiteral("u-both"));
    }
    void createBasicTokenFailures_data()
    {
        QTest::addColumn<QString>("identity");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("message");
        QTest::newRow("wrong password")
            << "local@houston.test"
            << "not-it" << QByteArray("{}")
            << "local auth login failed: Invalid password and username combination";
        QTest::newRow("unknown user")
            << "nobody@houston.test"
            << "x" << QByteArray("{}")
            << "local auth login failed: Invalid password and username combination";
        QTest::newRow("OAuth-only user")
            << "oauth@houston.test"
            << "x" << QByteArray("{}")
            << "local auth login failed: Invalid password and username combination";
        QTest::newRow("local auth disabled")
            << "local@houston.test"
            << "local-password" << QByteArray(R"({"localEnabled":false})")
            << "local auth login failed: Local authentication is disabled";
    }
    void createBasicTokenFailures()
    {
        QFETCH(QString, identity);
        QFETCH(QString, password);
        QFETCH(QByteArray, config);
        QFETCH(QString, message);
        configure(config);
        HoustonToken t;
        const Error e = client().createBasicToken(identity, password, &t);
        QCOMPARE(int(e.code), int(ExitAuthFailed));
        QCOMPARE(e.message, message);
        QVERIFY(t.value.isEmpty());
    }
    void paginatedWorkspaces()
    {
        QString v;
        QVERIFY(client().version(&v).ok());
        QCOMPARE(v, QStringLiteral("0.35.0"));

        QList<HoustonWorkspace> list;
        QVERIFY(client()
                    .workspaces(login(QStringLiteral("local@houston.test"),
                                      QStringLiteral("local-password")),
                                &list)
                    .ok());
        QCOMPARE(labels(list), QStringList{QStringLiteral("Workspace One")});
        QCOMPARE(list[0].id, QStringLiteral("ckwsone000000000000000001"));
        QCOMPARE(list[0].description, QStringLiteral("the only one"));

        const QString both = login(QStringLiteral("both@houston.test"), kPassword);
        QVERIFY(client().workspaces(both, &list).ok());
        QCOMPARE(labels(list),
                 (QStringList{QStringLiteral("Workspace A"), QStringLiteral("Workspace B"),
                              QStringLiteral("Workspace C")}));
        // A page of 2: how astro-cli tells one workspace from several.
        QVERIFY(client().workspaces(both, &list, 2).ok());
        QCOMPARE(list.size(), 2);

        QVERIFY(client()
                    .workspaces(
                        login(QStringLiteral("zero@houston.test"), QStringLiteral("zero-password")),
                        &list)
                    .ok());
        QVERIFY(list.isEmpty());
    }
    void anOldHoustonListsWorkspaces()
    {
        configure(R"({"houstonVersion":"0.29.4"})");
        const QString oauth = mint(QStringLiteral("oauth@houston.test"), 600);
        // The paginated query does not exist there: Houston's own answer, shown as it is.
        QList<HoustonWorkspace> list;
        const Error e = client().workspaces(oauth, true, 100, &list);
        QCOMPARE(int(e.code), int(ExitFailure));
        QVERIFY2(e.message.contains(QStringLiteral("Cannot query field")), qPrintable(e.message));
        // Asked for its version first, the client uses `workspaces`.
        const Error ok = client().workspaces(oauth, &list);
        QVERIFY2(ok.ok(), qPrintable(ok.message));
        QCOMPARE(labels(list),
                 (QStringList{QStringLiteral("Workspace A"), QStringLiteral("Workspace B")}));
    }
    void versions_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("paginated");
        QTest::newRow("0.30.0") << "0.30.0" << true;
        QTest::newRow("0.35.3") << "0.35.3" << true;
        QTest::newRow("v0.30.1") << "v0.30.1" << true;
        QTest::newRow("1.0.0") << "1.0.0" << true;
        QTest::newRow("0.37.0-rc.1") << "0.37.0-rc.1" << true;
        QTest::newRow("0.30") << "0.30" << true;
        QTest::newRow("0.29.9") << "0.29.9" << false;
        QTest::newRow("0.25.13") << "0.25.13" << false;
        QTest::newRow("0.3.0") << "0.3.0" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("garbage") << "latest" << false;
    }
    void versions()
    {
        QFETCH(QString, version);
        QFETCH(bool, paginated);
        QCOMPARE(HoustonClient::offersPaginatedWorkspaces(version), paginated);
    }
    void expiredAndRefusedTokens_data()
    {
        // Only a token whose `exp` has passed is called expired; one Houston refuses is not
        // accepted; one that is not a JWT is malformed (and never sent).
        QTest::addColumn<QString>("which");
        QTest::addColumn<QString>("says");
        const QString expired = QStringLiteral("Your token has expired. Please log in again");
        const QString refused = QStringLiteral("Houston at 127.0.0.1 did not accept the token");
        const QString malformed = QStringLiteral("The token is malformed");
        QTest::newRow("expired (AUTH_TOKEN_REFRESH_FAILED)") << "expired" << expired;
        QTest::newRow("forged (permission error)") << "forged" << refused;
        QTest::newRow("Bearer (permission error)") << "bearer" << refused;
        QTest::newRow("empty (never sent)") << "empty" << malformed;
        QTest::newRow("two lines (never sent)") << "newline" << malformed;
        QTest::newRow("one word (never sent)") << "word" << malformed;
        QTest::newRow("not a JWT (never sent)") << "not-a-jwt" << malformed;
    }
    void expiredAndRefusedTokens()
    {
        QFETCH(QString, which);
        QFETCH(QString, says);
        QString token;
        if (which == QLatin1String("expired")) {
            // The expired user's own login gives a token that expired an hour ago.
            HoustonToken t;
            QVERIFY(client()
                        .createBasicToken(QStringLiteral("expired@houston.test"),
                                          QStringLiteral("expired-password"), &t)
                        .ok());
            m_secrets << t.value;
            QVERIFY(t.expiresAt < QDateTime::currentDateTimeUtc());
            token = t.value;
        } else if (which == QLatin1String("forged")) {
            token = mint(QStringLiteral("both@houston.test"), 600);
            token.chop(2);
            token += QStringLiteral("xx");
        } else if (which == QLatin1String("bearer")) {
            token = QStringLiteral("Bearer") + mint(QStringLiteral("both@houston.test"), 600);
        } else if (which == QLatin1String("newline")) {
            token = mint(QStringLiteral("both@houston.test"), 600) + QStringLiteral("\r\nX: y");
        } else if (which == QLatin1String("word")) {
            token = QStringLiteral("x");
        } else if (which == QLatin1String("not-a-jwt")) {
            token = QStringLiteral("not-a-jwt");
        }
        QList<HoustonWorkspace> list;
        const Error e = client().workspaces(token, &list);
        QCOMPARE(int(e.code), int(ExitAuthFailed));
        QVERIFY2(e.message.startsWith(says), qPrintable(e.message));
        // The command it suggests works: a loopback APC domain needs --apc.
        if (says != QLatin1String("The token is malformed"))
            QVERIFY2(e.message.contains(
                         QStringLiteral("run 'astro login %1 --apc'").arg(m_domain.name())),
                     qPrintable(e.message));
        HoustonUser u;
        const Error s = client().self(token, &u);
        QCOMPARE(int(s.code), int(ExitAuthFailed));
        QVERIFY2(s.message.startsWith(says), qPrintable(s.message));
    }
    void tokenPageTokenWorks()
    {
        const HttpResponse page = Http(&m_nam).get(m_domain.tokenPageUrl());
        QVERIFY(page.isSuccess());
        const QString html = QString::fromUtf8(page.body);
        const int at = html.indexOf(QStringLiteral("<pre id=\"token\">")) + 16;
        const QString token = html.mid(at, html.indexOf(QLatin1Char('<'), at) - at);
        m_secrets << token;
        HoustonUser u;
        QVERIFY(client().self(token, &u).ok());
        QCOMPARE(u.username, QStringLiteral("oauth@houston.test"));
        QVERIFY(HoustonClient::tokenExpiry(token).isValid());
    }
    void unreachableHoustonIsANetworkError()
    {
        QTcpServer probe; // a port that was free a moment ago, and now nothing listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        Domain gone;
        QVERIFY(
            Domain::parse(QStringLiteral("127.0.0.1:%1").arg(port), &gone, nullptr, Product::Apc));
        HoustonAuthConfig c;
        const Error e = HoustonClient(Http(&m_nam), gone).authConfig(QString(), &c);
        QCOMPARE(int(e.code), int(ExitNetwork));
        QVERIFY2(e.message.contains(QStringLiteral("Cannot reach Houston")), qPrintable(e.message));
    }
    void tokenExpiry()
    {
        QVERIFY(!HoustonClient::tokenExpiry(QStringLiteral("not-a-jwt")).isValid());
        // {"exp":1900000000}
        QCOMPARE(HoustonClient::tokenExpiry(QStringLiteral("e30.eyJleHAiOjE5MDAwMDAwMDB9.sig")),
                 utcFromSecsSinceEpoch(1900000000));
        QVERIFY(!HoustonClient::isWellFormedToken(QString()));
        QVERIFY(!HoustonClient::isWellFormedToken(QStringLiteral("a b")));
        QVERIFY(!HoustonClient::isWellFormedToken(QString(16385, QLatin1Char('a'))));
        QVERIFY(HoustonClient::isWellFormedToken(QStringLiteral("e30.e30.sig")));
    }

    // Runs last (slots run in order): everything above ran with debug logging on.
    void noSecretInAnyOutput()
    {
        QMutexLocker lock(&g_logMutex);
        const QString all = g_log.join(QLatin1Char('\n'));
        // Debug logging was really on: astro's own HTTP category logged the requests.
        QVERIFY2(all.contains(QStringLiteral("astro.http")), "no debug message was collected");
        QVERIFY(m_secrets.size() > 8);
        for (const QString& s : std::as_const(m_secrets)) {
            if (s.size() < 8)
                continue;
            QVERIFY2(!all.contains(s), "a password or a token was logged");
            // Nor a recognisable part of a JWT (its signature).
            const QString signature = s.section(QLatin1Char('.'), 2);
            if (signature.size() >= 16)
                QVERIFY2(!all.contains(signature), "a token's signature was logged");
        }
        // Nor in what Houston logged of the requests.
        QFile serverLog(m_dir.filePath(QStringLiteral("log")));
        QVERIFY(serverLog.open(QIODevice::ReadOnly));
        const QString logged = QString::fromUtf8(serverLog.readAll());
        QVERIFY(logged.contains(QStringLiteral("createBasicToken")));
        for (const QString& s : std::as_const(m_secrets))
            QVERIFY(s.size() < 8 || !logged.contains(s));
    }
};

QTEST_GUILESS_MAIN(TestHouston)
#include "tst_houston.moc"
