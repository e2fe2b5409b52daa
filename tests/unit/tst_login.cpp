// The login flows through their seams (src/login, cli/LoginCommand): a fake HTTP transport
// that fails on unmet expectations, fake stdin lines and interrupts, a fixed clock, and
// MemoryStore. The end-to-end suite runs the same flows against the real server.
#include "cli/Commands.h"
#include "core/Jwt.h"
#include "core/QtCompat.h"
#include "fakes/CommandHarness.h"
#include "fakes/FakeLoginSeams.h"
#include "fakes/FakeNetwork.h"
#include "login/LoginOptions.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace astro;

namespace {

const QString kBase = QStringLiteral("http://127.0.0.1:4000");
const QString kIdp = QStringLiteral("http://127.0.0.1:4000/oidc/");

QByteArray b64(const QByteArray& json)
{
    return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A JWT-shaped token (the fake server never checks signatures) expiring at `exp`.
QString jwt(qint64 exp, const QString& sub = QStringLiteral("u1"))
{
    return QString::fromLatin1(b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + '.' +
                               b64(QStringLiteral("{\"sub\":\"%1\",\"exp\":%2,\"iat\":%3}")
                                       .arg(sub)
                                       .arg(exp)
                                       .arg(exp - 3600)
                                       .toUtf8()) +
                               ".c2lnbmF0dXJl");
}

struct Harness : CommandHarness<>
{
    QStringList typed; // what the user types, line by line
    bool stdinIsTerminal = false;
    int interruptCode = 0, interruptAfterMs = 0;
    FakeNetwork net;
    QList<QUrl> opened; // what the browser seam was asked to open

    explicit Harness(const QString& configPath = QString()) : CommandHarness({}, configPath)
    {
        s.network = [this]() -> QNetworkAccessManager* { return &net; };
        s.lineReader = [this]() -> std::unique_ptr<platform::LineReader> {
            return std::make_unique<FakeLineReader>(&typed, true);
        };
        s.interrupts = [this]() -> std::unique_ptr<platform::InterruptSource> {
            return std::make_unique<FakeInterrupts>(interruptCode, interruptAfterMs);
        };
        s.openBrowser = [this](const QUrl& url, std::shared_ptr<void>*) {
            opened << url;
            return false; // "Unable to open the URL": the user has the link
        };
        s.refreshTokens = [](const Domain&, const Credentials&, const QDateTime&,
                             Credentials*) -> Error {
            qFatal("a login never refreshes");
            return Error::none();
        };
    }
    int run(const QStringList& args)
    {
        Console::Input in;
        in.stdinIsTerminal = stdinIsTerminal;
        in.readAll = [this] { return typed.join(QLatin1Char('\n')); };
        console = Console(&out, &err, in); // each run a new stdin, not yet read
        return runLogin(s, args);
    }

    // auth-config and discovery, as every login starts.
    void expectPreparation(bool device = false)
    {
        net.expect(
            "GET", kBase + QStringLiteral("/private/v1alpha1/cli/auth-config"), 200,
            QStringLiteral("{\"clientId\":\"cid\",\"audience\":\"aud\",\"domainUrl\":\"%1\"}")
                .arg(kIdp)
                .toUtf8());
        QJsonObject doc;
        doc.insert(QStringLiteral("issuer"), kIdp);
        doc.insert(QStringLiteral("authorization_endpoint"),
                   QString(kIdp + QStringLiteral("auth")));
        doc.insert(QStringLiteral("token_endpoint"), QString(kIdp + QStringLiteral("token")));
        doc.insert(QStringLiteral("userinfo_endpoint"), QString(kIdp + QStringLiteral("me")));
        doc.insert(QStringLiteral("revocation_endpoint"), QString(kIdp + QStringLiteral("revoke")));
        if (device)
            doc.insert(QStringLiteral("device_authorization_endpoint"),
                       QString(kIdp + QStringLiteral("device")));
        net.expect("GET", kIdp + QStringLiteral(".well-known/openid-configuration"), 200,
                   QJsonDocument(doc).toJson(QJsonDocument::Compact));
    }
    // userinfo, then astro's post-login calls with one organization and `workspaces`.
    void expectIdentityAndSession(int workspaces = 1)
    {
        net.expect("GET", kIdp + QStringLiteral("me"), 200,
                   "{\"sub\":\"u1\",\"email\":\"one@astro.test\"}");
        expectSession(workspaces);
    }
    void expectSession(int workspaces = 1)
    {
        net.expect("GET", kBase + QStringLiteral("/v1/users/self"), 200, "{\"id\":\"u1\"}");
        net.expect(
            "GET", kBase + QStringLiteral("/v1/organizations"), 200,
            "{\"organizations\":[{\"id\":\"org1\",\"name\":\"Org One\",\"product\":\"HOSTED\"}]}");
        QByteArray list;
        for (int i = 1; i <= workspaces; ++i)
            list += (i > 1 ? "," : "") +
                    QStringLiteral("{\"id\":\"ws%1\",\"name\":\"WS %1\"}").arg(i).toUtf8();
        net.expect("GET", kBase + QStringLiteral("/v1/organizations/org1/workspaces"), 200,
                   "{\"workspaces\":[" + list + "]}");
    }
    // Astro Private Cloud: every call is a GraphQL POST to Houston at /v1. `operation` is a
    // word the query must contain; `authorization`, when not empty, the raw token it must carry.
    void expectHouston(const char* operation, const QByteArray& data,
                       const QString& authorization = QString())
    {
        const QString op = QString::fromLatin1(operation);
        net.expect("POST", kBase + QStringLiteral("/v1"), 200, "{\"data\":" + data + "}").check =
            [this, op, authorization](const FakeNetwork::Request& r) {
                if (!QString::fromUtf8(r.body).contains(op))
                    houstonProblems << QStringLiteral("expected %1, got %2")
                                           .arg(op, QString::fromUtf8(r.body.left(80)));
                if (QString::fromLatin1(r.authorization) != authorization)
                    houstonProblems << QStringLiteral("%1: wrong authorization").arg(op);
            };
    }
    void expectHoustonConfig(bool localEnabled = true, bool oauth = true)
    {
        expectHouston("authConfig",
                      QStringLiteral("{\"authConfig\":{\"localEnabled\":%1,\"providers\":[%2]}}")
                          .arg(localEnabled ? QStringLiteral("true") : QStringLiteral("false"),
                               oauth ? QStringLiteral("{\"name\":\"google\",\"displayName\":"
                                                      "\"Google\",\"url\":\"http://x/\"}")
                                     : QString())
                          .toUtf8());
    }
    void expectHoustonWorkspaces(const QString& token, int count)
    {
        expectHouston("appConfig", "{\"appConfig\":{\"version\":\"0.35.0\"}}");
        QByteArray list;
        for (int i = 1; i <= count; ++i)
            list += (i > 1 ? "," : "") +
                    QStringLiteral("{\"id\":\"ws%1\",\"label\":\"WS %1\"}").arg(i).toUtf8();
        expectHouston("paginatedWorkspaces", "{\"paginatedWorkspaces\":[" + list + "]}", token);
    }
    void expectHoustonSelf(const QString& token)
    {
        expectHouston("self", "{\"self\":{\"user\":{\"id\":\"u1\",\"username\":\"oauth@h.test\"}}}",
                      token);
    }
    QStringList houstonProblems;

    ContextInfo context()
    {
        Config c;
        if (config.read(&c))
            return ContextInfo();
        return c.context(QStringLiteral("127_0_0_1:4000"));
    }
};

#define VERIFY_NETWORK(h)                                                                          \
    QVERIFY2((h).net.problems().isEmpty() && (h).houstonProblems.isEmpty(),                        \
             qPrintable(((h).net.problems() + (h).houstonProblems).join(QStringLiteral("; "))))

} // namespace

class TestLogin : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenLoginSavesAndSwitches()
    {
        Harness h;
        h.expectPreparation();
        h.expectIdentityAndSession();
        const QString token = jwt(1800007200);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("-t"), token}), 0);
        VERIFY_NETWORK(h);
        QCOMPARE(h.store.items.value(QStringLiteral("127.0.0.1:4000")).accessToken, token);
        QVERIFY(!h.store.items.value(QStringLiteral("127.0.0.1:4000")).canRefresh());
        QCOMPARE(h.context().userEmail, QStringLiteral("one@astro.test"));
        QCOMPARE(h.context().workspace, QStringLiteral("ws1"));
        QVERIFY(h.stdoutText().contains(QStringLiteral("This token will expire in 2 hours")));
        QVERIFY(h.stdoutText().contains(QStringLiteral("Successfully authenticated")));
        QVERIFY(!h.stdoutText().contains(token) && !h.stderrText().contains(token));
    }

    void tokenFromStdinOnATerminalIsPromptedWithoutEcho()
    {
        Harness h;
        h.stdinIsTerminal = true;
        h.typed = {QString(), jwt(1800007200)}; // an empty line is asked again
        h.expectPreparation();
        h.expectIdentityAndSession();
        QCOMPARE(
            h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("-t"), QStringLiteral("-")}),
            0);
        VERIFY_NETWORK(h);
        QCOMPARE(h.stderrText().count(QStringLiteral("Paste your token")), 2);
    }

    void rejectedTokenSavesNothing()
    {
        Harness h;
        h.expectPreparation();
        h.net.expect("GET", kIdp + QStringLiteral("me"), 401, "{\"error\":\"invalid_token\"}");
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("-t"), jwt(1800007200)}),
                 int(ExitAuthFailed));
        VERIFY_NETWORK(h);
        QVERIFY(h.store.items.isEmpty());
        QVERIFY(!QFile::exists(h.config.path()));
        QVERIFY(h.stderrText().contains(QStringLiteral("rejected")));
    }

    void expiredTokenNeverReachesTheServer()
    {
        Harness h;
        h.expectPreparation();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("-t"), jwt(1799990000)}),
                 int(ExitAuthFailed));
        VERIFY_NETWORK(h); // no userinfo call
        QVERIFY(h.stderrText().contains(QStringLiteral("expired")));
    }

    void unreachablePlatformIsANetworkError()
    {
        Harness h; // nothing expected: the auth-config request is refused
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("-t"), jwt(1800007200)}),
                 int(ExitNetwork));
        QCOMPARE(h.net.problems().size(), 1);
        QVERIFY(h.store.items.isEmpty());
    }

    void deviceLoginPollsUntilApproved()
    {
        Harness h;
        h.expectPreparation(true);
        h.net.expect("POST", kIdp + QStringLiteral("device"), 200,
                     "{\"device_code\":\"dc\",\"user_code\":\"ABCD-EFGH\",\"verification_uri\":"
                     "\"http://127.0.0.1:4000/oidc/device\",\"expires_in\":600,\"interval\":1}");
        h.net.expect("POST", kIdp + QStringLiteral("token"), 400,
                     "{\"error\":\"authorization_pending\"}");
        auto& grant = h.net.expect("POST", kIdp + QStringLiteral("token"), 200,
                                   "{\"access_token\":\"at-device\",\"refresh_token\":\"rt-"
                                   "device\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        grant.check = [](const FakeNetwork::Request& r) {
            QVERIFY(r.body.contains("device_code=dc"));
        };
        h.net.expect("GET", kIdp + QStringLiteral("me"), 200,
                     "{\"sub\":\"u1\",\"email\":\"one@astro.test\"}");
        h.expectSession();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--device-code")}), 0);
        VERIFY_NETWORK(h);
        QVERIFY(h.stdoutText().contains(QStringLiteral("ABCD-EFGH")));
        const Credentials c = h.store.items.value(QStringLiteral("127.0.0.1:4000"));
        QCOMPARE(c.accessToken, QStringLiteral("at-device"));
        QCOMPARE(c.refreshToken, QStringLiteral("rt-device"));
    }

    void deviceLoginDeniedSavesNothing()
    {
        Harness h;
        h.expectPreparation(true);
        h.net.expect("POST", kIdp + QStringLiteral("device"), 200,
                     "{\"device_code\":\"dc\",\"user_code\":\"WXYZ\",\"verification_uri\":\"http://"
                     "127.0.0.1:4000/oidc/device\",\"expires_in\":600,\"interval\":1}");
        h.net.expect("POST", kIdp + QStringLiteral("token"), 400, "{\"error\":\"access_denied\"}");
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--device-code")}),
                 int(ExitAuthFailed));
        VERIFY_NETWORK(h);
        QVERIFY(h.store.items.isEmpty());
    }

    void sigtermDuringTheDeviceWaitIs143()
    {
        Harness h;
        h.interruptCode = ExitTerminated;
        h.interruptAfterMs = 100;
        h.expectPreparation(true);
        h.net.expect("POST", kIdp + QStringLiteral("device"), 200,
                     "{\"device_code\":\"dc\",\"user_code\":\"WXYZ\",\"verification_uri\":\"http://"
                     "127.0.0.1:4000/oidc/device\",\"expires_in\":600,\"interval\":5}");
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--device-code")}),
                 int(ExitTerminated));
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(QStringLiteral("nothing was saved")));
        QVERIFY(h.store.items.isEmpty());
    }

    void ctrlCAtPressEnterIs130WithAMessage()
    {
        Harness h;
        h.stdinIsTerminal = true;
        h.interruptCode = ExitInterrupted;
        h.interruptAfterMs = 100;
        h.s.lineReader = []() -> std::unique_ptr<platform::LineReader> {
            static QStringList none;
            return std::make_unique<FakeLineReader>(&none, false); // the user types nothing
        };
        h.expectPreparation();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--browser"),
                        QStringLiteral("--callback-port"), QStringLiteral("0")}),
                 int(ExitInterrupted));
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(QStringLiteral("login cancelled; nothing was saved.")));
        QVERIFY(h.opened.isEmpty()); // the browser was never opened
    }

    void browserWaitTimesOut()
    {
        Harness h;
        h.expectPreparation();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--browser"),
                        QStringLiteral("--callback-port"), QStringLiteral("0"),
                        QStringLiteral("--timeout"), QStringLiteral("1")}),
                 int(ExitFailure));
        VERIFY_NETWORK(h);
        QCOMPARE(h.opened.size(), 1);
        QCOMPARE(h.opened[0].host(), QStringLiteral("127.0.0.1"));
        QVERIFY(h.opened[0].toString().contains(QStringLiteral("code_challenge_method=S256")));
        QVERIFY(h.stderrText().contains(QStringLiteral("timed out")));
    }

    void linkLoginTakesAPastedTokenAfterBadPastes()
    {
        Harness h;
        h.stdinIsTerminal = true;
        const QString token = jwt(1800007200);
        h.typed = {QString(),                   // asked again
                   QStringLiteral("\"hello\""), // neither address nor token
                   QStringLiteral("'http://localhost:1/callback?code=x&state=wrong'"), // not ours
                   QStringLiteral("  \"%1\"  ").arg(token)}; // quoted: accepted
        h.expectPreparation();
        h.expectIdentityAndSession();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--login-link"),
                        QStringLiteral("--callback-port"), QStringLiteral("0")}),
                 0);
        VERIFY_NETWORK(h);
        QVERIFY(h.opened.isEmpty()); // a link is printed, never opened
        QVERIFY(h.stdoutText().contains(QStringLiteral("Please visit the following link")));
        QVERIFY(h.stderrText().contains(QStringLiteral("neither the address")));
        QVERIFY(h.stderrText().contains(QStringLiteral("does not belong to this login")));
        QCOMPARE(h.store.items.value(QStringLiteral("127.0.0.1:4000")).accessToken, token);
    }

    void linkLoginOnABusyPortGoesOnWithThePaste()
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost));
        Harness h;
        h.stdinIsTerminal = true;
        h.typed = {jwt(1800007200)};
        h.expectPreparation();
        h.expectIdentityAndSession();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--login-link"),
                        QStringLiteral("--callback-port"), QString::number(busy.serverPort())}),
                 0);
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(QStringLiteral("could not start")));
        QVERIFY(!h.stderrText().contains(QStringLiteral("'--login-link'")));
    }

    void workspacePromptWithSeveral()
    {
        Harness h;
        h.stdinIsTerminal = true;
        const QString token = jwt(1800007200);
        h.typed = {QStringLiteral("9"), QStringLiteral("2")};
        h.expectPreparation();
        h.expectIdentityAndSession(3);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("-t"), token}), 0);
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(QStringLiteral("between 1 and 3")));
        QCOMPARE(h.context().workspace, QStringLiteral("ws2"));
    }

    void configWriteFailureRestoresThePreviousLogin()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("not-a-dir")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        // config.yaml under a file: it reads as empty, and no write can succeed.
        Harness h(dir.filePath(QStringLiteral("not-a-dir/config.yaml")));
        Credentials previous;
        previous.accessToken = QStringLiteral("previous");
        previous.expiresAt = h.now.addSecs(600);
        h.store.items.insert(QStringLiteral("127.0.0.1:4000"), previous);
        h.expectPreparation();
        h.expectIdentityAndSession();
        const int code =
            h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("-t"), jwt(1800007200)});
        QVERIFY2(code == ExitConfig || code == ExitFailure, qPrintable(h.stderrText()));
        QCOMPARE(h.store.items.value(QStringLiteral("127.0.0.1:4000")).accessToken,
                 QStringLiteral("previous"));
    }

    // Astro Private Cloud (Houston) through the same seams.
    void apcPasswordLoginStoresTheHoustonToken()
    {
        Harness h;
        h.stdinIsTerminal = true;
        const QString token = jwt(1800086400);
        const QString password = QStringLiteral("s3cret-pw");
        h.typed = {QStringLiteral(" local@h.test "), password};
        h.expectHoustonConfig();
        h.expectHouston("createToken",
                        QStringLiteral("{\"createToken\":{\"user\":{\"id\":\"u1\",\"username\":"
                                       "\"local@h.test\"},\"token\":{\"value\":\"%1\"}}}")
                            .arg(token)
                            .toUtf8());
        h.expectHoustonWorkspaces(token, 1);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc")}), 0);
        VERIFY_NETWORK(h);
        const Credentials stored = h.store.items.value(QStringLiteral("127.0.0.1:4000"));
        QCOMPARE(stored.accessToken, token);
        QCOMPARE(int(stored.product), int(Product::Apc));
        QVERIFY(stored.refreshToken.isEmpty());
        QCOMPARE(stored.expiresAt, utcFromSecsSinceEpoch(1800086400));
        QCOMPARE(h.context().product, QStringLiteral("apc"));
        QCOMPARE(h.context().userEmail, QStringLiteral("local@h.test"));
        QCOMPARE(h.context().workspace, QStringLiteral("ws1"));
        QVERIFY(h.context().organization.isEmpty());
        QVERIFY(h.stderrText().contains(QStringLiteral("Username (leave blank for oAuth): ")));
        QVERIFY(h.stderrText().contains(QStringLiteral("Password: ")));
        QVERIFY(h.stdoutText().contains(
            QStringLiteral("\"WS 1\" Workspace found. This is your default Workspace.")));
        QVERIFY(!h.stdoutText().contains(QStringLiteral("Organization")));
        // The identity is trimmed; the password is sent once, as typed, and shown nowhere.
        QVERIFY(h.net.requests().at(1).body.contains("\"identity\":\"local@h.test\""));
        QVERIFY(h.net.requests().at(1).body.contains("\"password\":\"s3cret-pw\""));
        for (const QString& secret : {password, token})
            QVERIFY(!h.stdoutText().contains(secret) && !h.stderrText().contains(secret));
    }

    void apcWrongPasswordSavesNothing()
    {
        Harness h;
        h.typed = {QStringLiteral("local@h.test"), QStringLiteral("wrong")};
        h.expectHoustonConfig();
        h.net.expect("POST", kBase + QStringLiteral("/v1"), 200,
                     "{\"errors\":[{\"message\":\"Invalid password and username "
                     "combination\"}],\"data\":{\"createToken\":null}}");
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc")}),
                 int(ExitAuthFailed));
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(
            QStringLiteral("Error: local auth login failed: Invalid password and username "
                           "combination")));
        QVERIFY(h.store.items.isEmpty());
        QVERIFY(!QFile::exists(h.config.path()));
    }

    void apcBlankUsernameTakesAPastedOAuthToken()
    {
        Harness h;
        h.stdinIsTerminal = true;
        const QString token = jwt(1800086400);
        h.typed = {QString(), QString(), token, QStringLiteral("2")};
        h.expectHoustonConfig();
        h.expectHoustonSelf(token);
        h.expectHoustonWorkspaces(token, 2);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc")}), 0);
        VERIFY_NETWORK(h);
        QVERIFY(h.stdoutText().contains(
            QStringLiteral("Please visit the following URL, authenticate and paste token in next "
                           "prompt\nhttp://127.0.0.1:4000/token\n")));
        QCOMPARE(h.stderrText().count(QStringLiteral("oAuth Token: ")), 2); // blank: asked again
        QVERIFY(h.stdoutText().contains(QStringLiteral("Please choose a workspace:")));
        QCOMPARE(h.context().workspace, QStringLiteral("ws2"));
        QCOMPARE(h.context().userEmail, QStringLiteral("oauth@h.test"));
        QCOMPARE(h.store.items.value(QStringLiteral("127.0.0.1:4000")).accessToken, token);
        QVERIFY(!h.stdoutText().contains(token) && !h.stderrText().contains(token));
    }

    void apcOauthFlagOpensTheTokenPageAndSkipsTheUsername()
    {
        Harness h;
        const QString token = jwt(1800086400);
        h.typed = {token};
        h.expectHoustonConfig();
        h.expectHoustonSelf(token);
        h.expectHoustonWorkspaces(token, 0);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc"),
                        QStringLiteral("-o"), QStringLiteral("--browser")}),
                 0);
        VERIFY_NETWORK(h);
        QCOMPARE(h.opened, QList<QUrl>{QUrl(QStringLiteral("http://127.0.0.1:4000/token"))});
        QVERIFY(h.stdoutText().contains(QStringLiteral("http://127.0.0.1:4000/token")));
        QVERIFY(!h.stderrText().contains(QStringLiteral("Username")));
        QVERIFY(h.stdoutText().contains(QStringLiteral("not a member of any Workspace")));
        QVERIFY(h.context().workspace.isEmpty());
    }

    void apcOauthDisabled()
    {
        Harness h;
        h.expectHoustonConfig(true, false);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc"),
                        QStringLiteral("--oauth")}),
                 int(ExitFailure));
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(QStringLiteral("cannot authenticate, oauth is disabled")));
        QVERIFY(h.store.items.isEmpty());
    }

    void apcBothDisabledSaysSo()
    {
        Harness h;
        h.expectHoustonConfig(false, false);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc")}),
                 int(ExitFailure));
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(
            QStringLiteral("cannot authenticate, oauth is disabled (and so is local "
                           "authentication at 127.0.0.1:4000)")));
        QVERIFY(!h.stderrText().contains(QStringLiteral("Username")));
    }

    void apcLocalAuthDisabledOffersOAuth()
    {
        Harness h;
        const QString token = jwt(1800086400);
        h.typed = {token};
        h.expectHoustonConfig(false, true);
        h.expectHoustonSelf(token);
        h.expectHoustonWorkspaces(token, 1);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc")}), 0);
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(QStringLiteral("Local authentication")));
        QVERIFY(!h.stderrText().contains(QStringLiteral("Username")));
        QVERIFY(h.stderrText().contains(QStringLiteral("oAuth Token: ")));
    }

    void apcTokenLoginIsCheckedAtHouston()
    {
        Harness h;
        const QString token = jwt(4102444800); // 2100: Houston refuses it, it has not expired
        h.typed = {token};
        h.expectHoustonConfig();
        h.net.expect("POST", kBase + QStringLiteral("/v1"), 200,
                     "{\"errors\":[{\"message\":\"You do not have the appropriate permissions "
                     "for that\"}],\"data\":{\"self\":null}}");
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc"),
                        QStringLiteral("--token-login"), QStringLiteral("-")}),
                 int(ExitAuthFailed));
        VERIFY_NETWORK(h);
        QVERIFY2(h.stderrText().contains(QStringLiteral(
                     "Error: Houston at 127.0.0.1 did not accept the token: it is not valid "
                     "there, or it was revoked. Please log in again: run 'astro login "
                     "127.0.0.1:4000 --apc'.")),
                 qPrintable(h.stderrText()));
        QVERIFY(!h.stderrText().contains(QStringLiteral("expired")));
        QVERIFY(h.store.items.isEmpty());
    }

    void apcMalformedTokenLoginIsMalformedAndNeverSent_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("one letter") << "x";
        QTest::newRow("a word") << "not-a-jwt";
        QTest::newRow("two parts") << "e30.e30";
    }
    void apcMalformedTokenLoginIsMalformedAndNeverSent()
    {
        QFETCH(QString, token);
        Harness h;
        h.typed = {token};
        h.expectHoustonConfig();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc"),
                        QStringLiteral("--token-login"), QStringLiteral("-")}),
                 int(ExitAuthFailed));
        VERIFY_NETWORK(h);
        QCOMPARE(h.net.requests().size(), 1); // the auth config only
        QVERIFY2(h.stderrText().contains(QStringLiteral("Error: The token is malformed")),
                 qPrintable(h.stderrText()));
        QVERIFY(!h.stderrText().contains(QStringLiteral("expired")));
        QVERIFY(h.store.items.isEmpty());
    }

    void apcPastedTokenIsUnquotedAndAMalformedPasteAskedAgain()
    {
        Harness h;
        h.stdinIsTerminal = true;
        const QString token = jwt(1800086400);
        // blank username; a word, then the token in quotes; the workspace
        h.typed = {QString(), QStringLiteral("oops"), QStringLiteral(" \"'%1'\" ").arg(token),
                   QStringLiteral("2")};
        h.expectHoustonConfig();
        h.expectHoustonSelf(token);
        h.expectHoustonWorkspaces(token, 2);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc")}), 0);
        VERIFY_NETWORK(h);
        QCOMPARE(h.stderrText().count(QStringLiteral("oAuth Token: ")), 2);
        QCOMPARE(h.stderrText().count(QStringLiteral("The token is malformed")), 1);
        QCOMPARE(h.store.items.value(QStringLiteral("127.0.0.1:4000")).accessToken, token);
    }

    void apcThreeMalformedPastesEndTheLogin()
    {
        Harness h;
        h.stdinIsTerminal = true;
        h.typed = {QString(), QStringLiteral("a"), QStringLiteral("\"b\""), QStringLiteral("c d"),
                   QStringLiteral("never read")};
        h.expectHoustonConfig();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc")}),
                 int(ExitAuthFailed));
        VERIFY_NETWORK(h);
        QCOMPARE(h.net.requests().size(), 1); // nothing pasted was sent
        QCOMPARE(h.stderrText().count(QStringLiteral("oAuth Token: ")), 3);
        QCOMPARE(h.stderrText().count(QStringLiteral("The token is malformed")), 3);
        QVERIFY(h.store.items.isEmpty());
    }

    void apcExpiredTokenNeverReachesHouston()
    {
        Harness h;
        h.expectHoustonConfig();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc"),
                        QStringLiteral("-t"), jwt(1800000000 - 60)}),
                 int(ExitAuthFailed));
        VERIFY_NETWORK(h);
        QCOMPARE(h.net.requests().size(), 1);
        QVERIFY(
            h.stderrText().contains(QStringLiteral("Your token has expired. Please log in again")));
        QVERIFY(h.stderrText().contains(QStringLiteral("run 'astro login 127.0.0.1:4000 --apc'")));
    }

    void apcContextKeepsItsProductAndLastUsedWorkspace()
    {
        Harness h;
        QVERIFY(h.config
                    .update([](Config& c) {
                        const QString key = QStringLiteral("127_0_0_1:4000");
                        c.setContextField(key, QStringLiteral("domain"),
                                          QStringLiteral("127.0.0.1:4000"));
                        c.setContextField(key, QStringLiteral("product"), QStringLiteral("apc"));
                        c.setContextField(key, QStringLiteral("last_used_workspace"),
                                          QStringLiteral("ws3"));
                        c.setCurrentContext(key);
                    })
                    .ok());
        const QString token = jwt(1800086400);
        h.expectHoustonConfig();
        h.expectHoustonSelf(token);
        h.expectHoustonWorkspaces(token, 3);
        // No --apc, no DOMAIN: the current context says it is APC.
        QCOMPARE(h.run({QStringLiteral("-t"), token}), 0);
        VERIFY_NETWORK(h);
        QCOMPARE(h.context().workspace, QStringLiteral("ws3"));
        QVERIFY(!h.stdoutText().contains(QStringLiteral("Please choose")));
    }

    void apcSeveralWorkspacesWithoutATerminalGiveTheHint()
    {
        Harness h;
        const QString token = jwt(1800086400);
        h.expectHoustonConfig();
        h.expectHoustonSelf(token);
        h.expectHoustonWorkspaces(token, 2);
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc"),
                        QStringLiteral("-t"), token}),
                 0);
        VERIFY_NETWORK(h);
        QVERIFY(h.stdoutText().contains(QStringLiteral("astro workspace switch [WORKSPACEID]")));
        QVERIFY(h.context().workspace.isEmpty());
        QCOMPARE(h.context().product, QStringLiteral("apc"));
    }

    void apcHasNoDeviceCode()
    {
        Harness h;
        h.expectHoustonConfig();
        QCOMPARE(h.run({QStringLiteral("127.0.0.1:4000"), QStringLiteral("--apc"),
                        QStringLiteral("--device-code")}),
                 int(ExitUsage));
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(QStringLiteral("no device-code login")));
    }
};

QTEST_GUILESS_MAIN(TestLogin)
#include "tst_login.moc"
