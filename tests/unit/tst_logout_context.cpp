// logout and context through their seams: the real revocation code (revokeTokensAt) over the
// fake HTTP transport (FakeNetwork fails on unmet expectations), MemoryStore, a fixed clock.
#include "auth/Http.h"
#include "auth/TokenRevocation.h"
#include "cli/Commands.h"
#include "fakes/CommandHarness.h"
#include "fakes/FakeNetwork.h"
#include "login/ReplacedLogin.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace astro;

namespace {

const QString kDomain = QStringLiteral("127.0.0.1:4000");
const QString kKey = QStringLiteral("127_0_0_1:4000");
const QString kBase = QStringLiteral("http://127.0.0.1:4000");
const QString kIdp = QStringLiteral("http://127.0.0.1:4000/oidc/");
const char kHoustonText[] = "Houston offers no token revocation: there is nothing to revoke "
                            "there, and the token stays valid until it expires.\n";

// A fake token for a context key (no character that a form would encode).
QString token(const char* prefix, QString key)
{
    return QLatin1String(prefix) + key.replace(QLatin1Char(':'), QLatin1Char('_'));
}

struct Harness : CommandHarness<>
{
    FakeNetwork net;

    Harness()
    {
        s.network = [this]() -> QNetworkAccessManager* { return &net; };
        s.revokeTokens = [this](const Domain& d, const Credentials& c) {
            return revokeTokensAt(Http(&net), d, c);
        };
    }
    void loggedIn(const QString& domain, const QString& key, bool withRefresh = true)
    {
        Credentials c;
        c.accessToken = token("at-", key);
        if (withRefresh)
            c.refreshToken = token("rt-", key);
        c.expiresAt = now.addSecs(3600);
        store.items.insert(domain, c);
        QVERIFY(config
                    .update([&](Config& cfg) {
                        cfg.setContextField(key, QStringLiteral("domain"), domain);
                        cfg.setContextField(key, QStringLiteral("user_email"),
                                            QStringLiteral("one@astro.test"));
                        cfg.setCurrentContext(key);
                    })
                    .ok());
    }
    void expectIdentityProvider(bool revocation = true)
    {
        net.expect(
            "GET", kBase + QStringLiteral("/private/v1alpha1/cli/auth-config"), 200,
            QStringLiteral("{\"clientId\":\"cid\",\"domainUrl\":\"%1\"}").arg(kIdp).toUtf8());
        QJsonObject doc;
        doc.insert(QStringLiteral("issuer"), kIdp);
        doc.insert(QStringLiteral("token_endpoint"), QString(kIdp + QStringLiteral("token")));
        if (revocation)
            doc.insert(QStringLiteral("revocation_endpoint"),
                       QString(kIdp + QStringLiteral("revoke")));
        net.expect("GET", kIdp + QStringLiteral(".well-known/openid-configuration"), 200,
                   QJsonDocument(doc).toJson(QJsonDocument::Compact));
    }
    // A revocation of `token` with its hint; answers `status`.
    void expectRevocation(const QByteArray& token, const QByteArray& hint, int status = 200)
    {
        auto& e = net.expect("POST", kIdp + QStringLiteral("revoke"), status, "{}");
        e.check = [token, hint](const FakeNetwork::Request& r) {
            QVERIFY2(r.body.contains(QByteArray(QByteArray("token=") + token)), r.body.constData());
            QVERIFY2(r.body.contains(QByteArray(QByteArray("token_type_hint=") + hint)),
                     r.body.constData());
            QVERIFY(r.body.contains("client_id=cid"));
        };
    }
    // An APC login (the Houston JWT, product apc) to the loopback `kDomain`, as `--apc` saves it.
    void loggedInToApc(const QString& extraContextLines = QString())
    {
        Credentials c;
        c.product = Product::Apc;
        c.accessToken = token("houston-", kKey);
        c.expiresAt = now.addSecs(3600);
        store.items.insert(kDomain, c);
        QDir().mkpath(QFileInfo(config.path()).absolutePath());
        QFile f(config.path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("context: %1\ncontexts:\n  %1:\n    domain: %2\n    product: apc\n"
                               "    user_email: one@astro.test\n%3")
                    .arg(kKey, kDomain, extraContextLines)
                    .toUtf8());
    }
    ContextInfo context(const QString& key)
    {
        Config c;
        if (config.read(&c))
            return ContextInfo();
        return c.context(key);
    }
};

#define VERIFY_NETWORK(h)                                                                          \
    QVERIFY2((h).net.problems().isEmpty(),                                                         \
             qPrintable((h).net.problems().join(QStringLiteral("; "))))

} // namespace

class TestLogoutContext : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void logoutRevokesRefreshThenAccessAndDeletes()
    {
        Harness h;
        h.loggedIn(kDomain, kKey);
        h.expectIdentityProvider();
        h.expectRevocation(token("rt-", kKey).toUtf8(), "refresh_token");
        h.expectRevocation(token("at-", kKey).toUtf8(), "access_token");
        QCOMPARE(h.run(QStringLiteral("logout ") + kDomain), 0);
        VERIFY_NETWORK(h);
        QCOMPARE(h.net.requests().size(), 4);
        QVERIFY(h.net.requests()[2].body.contains("refresh_token")); // the refresh token first
        QVERIFY(h.store.items.isEmpty());
        QVERIFY(h.context(kKey).userEmail.isEmpty());
        QVERIFY(h.stdoutText().contains(
            QStringLiteral("Revoked the access and refresh tokens at %1.").arg(kDomain)));
        QVERIFY(h.stdoutText().contains(QStringLiteral("Successfully logged out")));
    }

    void logoutWithoutRevocationStillDeletes()
    {
        Harness h;
        h.loggedIn(kDomain, kKey);
        h.expectIdentityProvider(false);
        QCOMPARE(h.run(QStringLiteral("logout ") + kDomain), 0);
        VERIFY_NETWORK(h);
        QVERIFY(h.stderrText().contains(QStringLiteral("offers no token revocation")));
        QVERIFY(h.store.items.isEmpty());
    }

    void aFailedRevocationIsAWarningAndTheLoginIsDeleted()
    {
        Harness h;
        h.loggedIn(kDomain, kKey);
        h.expectIdentityProvider();
        h.expectRevocation(token("rt-", kKey).toUtf8(), "refresh_token", 503);
        QCOMPARE(h.run(QStringLiteral("logout ") + kDomain), 0);
        VERIFY_NETWORK(h); // no access-token revocation after the failure
        QVERIFY(h.stderrText().contains(QStringLiteral("could not revoke the tokens")));
        QVERIFY(h.store.items.isEmpty());
        QVERIFY(!h.stderrText().contains(QStringLiteral("at-")) &&
                !h.stderrText().contains(QStringLiteral("rt-")));
    }

    void anUnreachableServerStillLogsOut()
    {
        Harness h; // nothing expected: every request is refused
        h.loggedIn(kDomain, kKey, false);
        QCOMPARE(h.run(QStringLiteral("logout ") + kDomain), 0);
        QCOMPARE(h.net.problems().size(), 1); // the auth-config request, refused
        QVERIFY(h.stderrText().contains(QStringLiteral("could not revoke")));
        QVERIFY(h.store.items.isEmpty());
    }

    void aStoreThatCannotDeleteIsAnError()
    {
        Harness h;
        h.loggedIn(kDomain, kKey);
        h.store.failWith = StoreStatus::Denied;
        QCOMPARE(h.run(QStringLiteral("logout ") + kDomain), int(ExitStore));
        VERIFY_NETWORK(h); // nothing revoked when the secret cannot even be read
    }

    void contextListSwitchAndDelete()
    {
        Harness h;
        h.loggedIn(QStringLiteral("127.0.0.1:4001"), QStringLiteral("127_0_0_1:4001"), false);
        h.loggedIn(kDomain, kKey, false); // current
        QCOMPARE(h.run(QStringLiteral("context list")), 0);
        QVERIFY(h.stdoutText().contains(QStringLiteral("127.0.0.1:4001")));
        QVERIFY(h.stdoutText().contains(kDomain));
        QCOMPARE(h.run(QStringLiteral("context switch 127.0.0.1:4001")), 0);
        Config c;
        QVERIFY(h.config.read(&c).ok());
        QCOMPARE(c.currentContext(), QStringLiteral("127_0_0_1:4001"));
        VERIFY_NETWORK(h); // list and switch never talk to a server

        h.expectIdentityProvider();
        h.expectRevocation(token("at-", kKey).toUtf8(), "access_token");
        QCOMPARE(h.run(QStringLiteral("context delete ") + kDomain), 0);
        VERIFY_NETWORK(h);
        QVERIFY(!h.store.items.contains(kDomain));
        QVERIFY(h.store.items.contains(QStringLiteral("127.0.0.1:4001")));
        QVERIFY(h.config.read(&c).ok());
        QVERIFY(!c.hasContext(kKey));
    }

    // Houston has no revocation: logout, context delete, a login replacing an APC login and the
    // take-over of a plaintext APC token all say so, without a request (FakeNetwork refuses
    // and records any), and never warn of a failed revocation.
    void anApcLoginHasNothingToRevokeEverywhere()
    {
        const auto verifyHouston = [](Harness& h) {
            VERIFY_NETWORK(h);
            QVERIFY(h.net.requests().isEmpty());
            QVERIFY2(h.stderrText().contains(QLatin1String(kHoustonText)),
                     qPrintable(h.stderrText()));
            QVERIFY(!h.stderrText().contains(QStringLiteral("could not revoke")));
            QVERIFY(!h.stderrText().contains(QStringLiteral("deleted anyway")));
            QVERIFY(!h.stderrText().contains(QStringLiteral("houston-")));
        };
        {
            Harness h;
            h.loggedInToApc();
            QCOMPARE(h.run(QStringLiteral("logout ") + kDomain), 0);
            verifyHouston(h);
            QVERIFY(h.store.items.isEmpty());
        }
        {
            Harness h;
            h.loggedInToApc();
            QCOMPARE(h.run(QStringLiteral("context delete ") + kDomain), 0);
            verifyHouston(h);
            QVERIFY(h.store.items.isEmpty());
        }
        {
            Harness h; // a new login (of either product) replacing the stored APC login
            Domain astro;
            QString why;
            QVERIFY(Domain::parse(kDomain, &astro, &why));
            Credentials old, fresh;
            old.product = Product::Apc;
            old.accessToken = QStringLiteral("houston-old");
            fresh.accessToken = QStringLiteral("houston-new");
            revokeReplacedLogin(h.s, astro, old, fresh);
            verifyHouston(h);
            QVERIFY(!h.stderrText().contains(QStringLiteral("Revoking")));
        }
        {
            Harness h; // astro-cli's raw token left in the context of a stored APC login
            h.loggedInToApc(QStringLiteral("    token: houston-plain\n"));
            QCOMPARE(h.run(QStringLiteral("auth status")), 0);
            verifyHouston(h);
            QCOMPARE(h.store.items.value(kDomain).accessToken, token("houston-", kKey));
            Config c;
            QVERIFY(h.config.read(&c).ok());
            QVERIFY(c.plaintextTokens(kKey).accessToken.isEmpty());
        }
    }

    void contextSwitchToAnUnknownContextChangesNothing()
    {
        Harness h;
        h.loggedIn(kDomain, kKey, false);
        const QByteArray before = [&] {
            QFile f(h.config.path());
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(h.run(QStringLiteral("context switch nowhere.example")) != 0);
        QFile f(h.config.path());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }
};

QTEST_GUILESS_MAIN(TestLogoutContext)
#include "tst_logout_context.moc"
