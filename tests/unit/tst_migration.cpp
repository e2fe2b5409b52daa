// Issue 11: astro-cli's plaintext tokens in config.yaml are taken over (moved into the store,
// or revoked and removed), with fake I/O, a memory store and a fake revocation.
#include "cli/Commands.h"
#include "core/QtCompat.h"
#include "fakes/CommandHarness.h"
#include "login/ReplacedLogin.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace astro;

namespace {

// A JWT as a server would issue it (the signature is never checked here).
QString jwt(const QJsonObject& claims)
{
    auto part = [](const QJsonObject& o) {
        return QString::fromLatin1(
            QJsonDocument(o)
                .toJson(QJsonDocument::Compact)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    return part(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}}) + QLatin1Char('.') +
           part(claims) + QStringLiteral(".c2ln");
}

struct Harness : CommandHarness<>
{
    QString path = config.path();
    QList<Credentials> revoked; // what the fake revocation was given

    Harness() { s.env.insert(QStringLiteral("ASTRO_HOME"), dir.path()); }
    void withNetwork() // as astro-network is wired, with a revocation that always works
    {
        s.revokeTokens = [this](const Domain&, const Credentials& c) {
            revoked << c;
            Revocation r;
            r.outcome = Revocation::Revoked;
            r.host = QStringLiteral("idp.x.io");
            r.accessToken = !c.accessToken.isEmpty();
            r.refreshToken = c.canRefresh();
            return r;
        };
    }
    void writeConfig(const QByteArray& text)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    QByteArray configText() const
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    int run(const QString& cmdline) // each run's output on its own
    {
        out.buffer().clear();
        err.buffer().clear();
        out.seek(0);
        err.seek(0);
        return CommandHarness::run(cmdline);
    }
};

// As astro-cli writes a context after a browser login to Astro.
QByteArray astroContext(const QString& token, const QString& refresh, const char* expiresIn)
{
    return QStringLiteral("context: x_io\ncontexts:\n  x_io:\n    domain: x.io\n    organization: "
                          "org1\n    organization_product: HOSTED\n    workspace: ws1\n    "
                          "last_used_workspace: ws1\n    token: %1\n    refreshtoken: %2\n    "
                          "expiresin: %3\n    user_email: old@x.io\n")
        .arg(token, refresh, QLatin1String(expiresIn))
        .toUtf8();
}

} // namespace

class TestMigration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void movedIntoTheStoreOnce_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("access");
        QTest::addColumn<QString>("refresh");
        QTest::addColumn<QDateTime>("expiresAt");
        const QDateTime in1h = utcFromSecsSinceEpoch(1800003600);
        const QString astro = jwt({{QStringLiteral("exp"), 1800003600}});
        QTest::newRow("Astro, Bearer")
            << astroContext(QStringLiteral("Bearer ") + astro, QStringLiteral("r-1"),
                            "2027-01-15T09:00:00.123456789+01:00")
            << astro << QStringLiteral("r-1") << in1h;
        QTest::newRow("Astro, no Bearer, expiresin only")
            << astroContext(QStringLiteral("opaque-1"), QStringLiteral("r-1"),
                            "2027-01-15T09:00:00.123456789+01:00")
            << QStringLiteral("opaque-1") << QStringLiteral("r-1")
            << QDateTime::fromString(QStringLiteral("2027-01-15T08:00:00.123Z"), Qt::ISODateWithMs);
        QTest::newRow("Astro, expired")
            << astroContext(QStringLiteral("Bearer opaque-2"), QStringLiteral("r-2"),
                            "2020-01-01T00:00:00Z")
            << QStringLiteral("opaque-2") << QStringLiteral("r-2")
            << QDateTime::fromString(QStringLiteral("2020-01-01T00:00:00.000Z"), Qt::ISODateWithMs);
        const QString houston = jwt({{QStringLiteral("exp"), 1800003600}});
        QTest::newRow("APC: a raw Houston JWT, nothing else")
            << QStringLiteral("context: x_io\ncontexts:\n  x_io:\n    domain: x.io\n    "
                              "workspace: ws1\n    last_used_workspace: ws1\n    token: %1\n")
                   .arg(houston)
                   .toUtf8()
            << houston << QString() << in1h;
        const QString api = jwt({{QStringLiteral("apiTokenId"), QStringLiteral("tok1")},
                                 {QStringLiteral("permissions"), QStringLiteral("x")}});
        QTest::newRow("a persisted ASTRO_API_TOKEN")
            << astroContext(QStringLiteral("Bearer ") + api, QString(),
                            "2081-03-02T10:00:00.5+00:00")
            << api << QString()
            << QDateTime::fromString(QStringLiteral("2081-03-02T10:00:00.500Z"), Qt::ISODateWithMs);
    }
    void movedIntoTheStoreOnce()
    {
        QFETCH(QByteArray, config);
        QFETCH(QString, access);
        QFETCH(QString, refresh);
        QFETCH(QDateTime, expiresAt);
        Harness h; // the lean astro: no network needed to move them
        h.writeConfig(config);
        QCOMPARE(h.run(QStringLiteral("context list")), int(ExitOk));
        QCOMPARE(h.stderrText(), QStringLiteral("Moved the tokens of x.io that astro-cli kept in "
                                                "plain text in %1 into the memory.\n")
                                     .arg(h.path));
        QVERIFY(h.store.items.contains(QStringLiteral("x.io")));
        const Credentials c = h.store.items.value(QStringLiteral("x.io"));
        QCOMPARE(c.accessToken, access);
        QCOMPARE(c.refreshToken, refresh);
        QCOMPARE(c.expiresAt, expiresAt);
        const QByteArray after = h.configText();
        QVERIFY(!after.contains("token"));
        QVERIFY(!after.contains("expiresin"));
        QCOMPARE(after.contains("user_email: old@x.io"), config.contains("user_email"));
        QVERIFY(after.contains("workspace: ws1"));
        // A second run changes nothing and says nothing.
        QCOMPARE(h.run(QStringLiteral("context list")), int(ExitOk));
        QCOMPARE(h.stderrText(), QString());
        QCOMPARE(h.configText(), after);
        QVERIFY(h.revoked.isEmpty());
    }
    void authTokenPrintsTheMigratedToken()
    {
        Harness h;
        const QString t = jwt({{QStringLiteral("exp"), 1800003600}});
        h.writeConfig(astroContext(QStringLiteral("Bearer ") + t, QStringLiteral("r-1"),
                                   "2027-01-15T09:00:00Z"));
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitOk));
        QCOMPARE(h.stdoutText(), t + QLatin1Char('\n'));
        QVERIFY(h.stderrText().startsWith(QStringLiteral("Moved the tokens of x.io")));
    }
    void storeThatCannotTakeThemKeepsThePlaintext()
    {
        Harness h;
        const QByteArray before = astroContext(QStringLiteral("Bearer opaque-1"),
                                               QStringLiteral("r-1"), "2027-01-15T09:00:00Z");
        h.writeConfig(before);
        h.store.failWith = StoreStatus::Unavailable;
        QCOMPARE(h.run(QStringLiteral("auth status")), int(ExitStore));
        QCOMPARE(h.configText(), before); // nothing lost
        QVERIFY(h.stderrText().contains(
            QStringLiteral(
                "Warning: the tokens of x.io stay in plain text in %1: the credential store "
                "cannot take them")
                .arg(h.path)));
        QVERIFY(h.stderrText().contains(QStringLiteral("Also, a token is still in plain text")));
        QVERIFY(!h.stderrText().contains(QStringLiteral("opaque-1")));
        QVERIFY(!h.stderrText().contains(QStringLiteral("r-1")));
    }
    void statusReportsAPlaintextTokenItCouldNotMove()
    {
        Harness h;
        h.writeConfig(astroContext(QStringLiteral("Bearer opaque-1"), QStringLiteral("r-1"),
                                   "2027-01-15T09:00:00Z"));
        h.store.failWith = StoreStatus::IoError;
        QCOMPARE(h.run(QStringLiteral("auth status --json")), int(ExitStore));
        QVERIFY(h.stderrText().contains(QStringLiteral("a token is still in plain text in")));
        // --json answers in JSON even then: what a script checks is there.
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(h.stdoutText().toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(h.stdoutText()));
        QCOMPARE(o.value(QStringLiteral("domain")).toString(), QStringLiteral("x.io"));
        QCOMPARE(o.value(QStringLiteral("logged_in")).toBool(true), false);
        QCOMPARE(o.value(QStringLiteral("plaintext_token_in_config")).toBool(), true);
        QVERIFY(!o.value(QStringLiteral("credential_store_error")).toString().isEmpty());
        QVERIFY(!h.stdoutText().contains(QStringLiteral("opaque-1")));
    }
    void storedLoginRevokesAndRemovesThePlaintextCopy()
    {
        Harness h;
        Credentials mine;
        mine.accessToken = QStringLiteral("mine-a");
        mine.refreshToken = QStringLiteral("mine-r");
        mine.expiresAt = h.now.addSecs(3600);
        h.store.items.insert(QStringLiteral("x.io"), mine);
        const QByteArray before = astroContext(QStringLiteral("Bearer theirs-a"),
                                               QStringLiteral("theirs-r"), "2027-01-15T09:00:00Z");
        h.writeConfig(before);
        // The lean astro hands the command over before it changed or printed anything.
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitHandOver));
        QCOMPARE(h.stdoutText(), QString());
        QCOMPARE(h.stderrText(), QString());
        QCOMPARE(h.configText(), before);
        h.withNetwork();
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitOk));
        QCOMPARE(h.stdoutText(), QStringLiteral("mine-a\n"));
        QCOMPARE(h.revoked.size(), 1);
        QCOMPARE(h.revoked.first().accessToken, QStringLiteral("theirs-a"));
        QCOMPARE(h.revoked.first().refreshToken, QStringLiteral("theirs-r"));
        QVERIFY(h.stderrText().contains(
            QStringLiteral("The credential store holds a login for x.io: removing the tokens")));
        QVERIFY(h.stderrText().contains(
            QStringLiteral("Revoked the access and refresh tokens at idp.x.io.")));
        QVERIFY(!h.configText().contains("theirs"));
        QCOMPARE(h.store.items.value(QStringLiteral("x.io")).accessToken, mine.accessToken);
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitOk));
        QCOMPARE(h.revoked.size(), 1); // once
        QCOMPARE(h.stderrText(), QString());
    }
    void theStoredLoginsOwnTokensAreOnlyRemoved()
    {
        Harness h; // the lean astro: no network needed, nothing revoked
        Credentials mine;
        mine.accessToken = QStringLiteral("mine-a");
        mine.refreshToken = QStringLiteral("mine-r");
        h.store.items.insert(QStringLiteral("x.io"), mine);
        h.writeConfig(astroContext(QStringLiteral("Bearer mine-a"), QStringLiteral("mine-r"),
                                   "2027-01-15T09:00:00Z"));
        QCOMPARE(h.run(QStringLiteral("auth token")), int(ExitOk));
        QCOMPARE(h.stdoutText(), QStringLiteral("mine-a\n"));
        QVERIFY(!h.configText().contains("mine-"));
    }
    void anApiTokenIsRemovedButNeverRevoked()
    {
        Harness h;
        h.withNetwork();
        Credentials mine;
        mine.accessToken = QStringLiteral("mine-a");
        h.store.items.insert(QStringLiteral("x.io"), mine);
        const QString api = jwt({{QStringLiteral("apiTokenId"), QStringLiteral("tok1")}});
        h.writeConfig(astroContext(QStringLiteral("Bearer ") + api, QStringLiteral("theirs-r"),
                                   "2081-01-15T09:00:00Z"));
        QCOMPARE(h.run(QStringLiteral("context list")), int(ExitOk));
        QCOMPARE(h.revoked.size(), 1);
        QVERIFY(h.revoked.first().accessToken.isEmpty());
        QCOMPARE(h.revoked.first().refreshToken, QStringLiteral("theirs-r"));
        QVERIFY(!h.configText().contains(api.toUtf8()));
    }
    void contextDeleteRevokesWhatItDeletes()
    {
        Harness h;
        h.writeConfig("context: x_io\ncontexts:\n  x_io:\n    domain: x.io\n");
        Credentials mine;
        mine.accessToken = QStringLiteral("mine-a");
        mine.refreshToken = QStringLiteral("mine-r");
        h.store.items.insert(QStringLiteral("x.io"), mine);
        QCOMPARE(h.run(QStringLiteral("context delete x.io")), int(ExitHandOver));
        QVERIFY(h.store.items.contains(QStringLiteral("x.io")));
        QCOMPARE(h.stdoutText(), QString());
        h.withNetwork();
        QCOMPARE(h.run(QStringLiteral("context delete x.io")), int(ExitOk));
        QCOMPARE(h.revoked.size(), 1);
        QCOMPARE(h.revoked.first().refreshToken, QStringLiteral("mine-r"));
        QVERIFY(h.stdoutText().contains(
            QStringLiteral("Revoked the access and refresh tokens at idp.x.io.")));
        QVERIFY(h.stdoutText().contains(QStringLiteral("Successfully deleted context: x.io")));
        QVERIFY(!h.store.items.contains(QStringLiteral("x.io")));
    }
    void aNewLoginRevokesTheTokensItReplaces()
    {
        Harness h;
        h.withNetwork();
        Domain d;
        QString why;
        QVERIFY(Domain::parse(QStringLiteral("x.io"), &d, &why));
        Credentials old, fresh;
        old.accessToken = QStringLiteral("old-a");
        old.refreshToken = QStringLiteral("old-r");
        fresh.accessToken = QStringLiteral("new-a");
        fresh.refreshToken = QStringLiteral("new-r");
        revokeReplacedLogin(h.s, d, old, fresh);
        QCOMPARE(h.revoked.size(), 1);
        QCOMPARE(h.revoked.first().accessToken, QStringLiteral("old-a"));
        QCOMPARE(h.revoked.first().refreshToken, QStringLiteral("old-r"));
        QCOMPARE(h.stderrText(),
                 QStringLiteral("Revoking the tokens of the previous login to x.io.\nRevoked the "
                                "access and refresh tokens at idp.x.io.\n"));
        // A token the new login still uses is never revoked; nothing replaced, nothing sent.
        fresh.refreshToken = old.refreshToken;
        revokeReplacedLogin(h.s, d, old, fresh);
        QCOMPARE(h.revoked.size(), 2);
        QCOMPARE(h.revoked.last().accessToken, QStringLiteral("old-a"));
        QVERIFY(h.revoked.last().refreshToken.isEmpty());
        revokeReplacedLogin(h.s, d, old, old);
        revokeReplacedLogin(h.s, d, Credentials(), fresh);
        QCOMPARE(h.revoked.size(), 2);
    }
    void completionsListingDomainsLeaveThemAlone()
    {
        Harness h; // `context list --names` runs at tab completion, its stderr discarded
        const QByteArray before = astroContext(QStringLiteral("Bearer opaque-1"),
                                               QStringLiteral("r-1"), "2027-01-15T09:00:00Z");
        h.writeConfig(before);
        QCOMPARE(h.run(QStringLiteral("context list --names")), int(ExitOk));
        QCOMPARE(h.stdoutText(), QStringLiteral("x.io\n"));
        QCOMPARE(h.configText(), before);
        QVERIFY(h.store.items.isEmpty());
    }
    void contextDeleteWithoutCredentialsNeedsNoNetwork()
    {
        Harness h;
        h.writeConfig("contexts:\n  x_io:\n    domain: x.io\n");
        QCOMPARE(h.run(QStringLiteral("context delete x.io")), int(ExitOk));
        QVERIFY(!h.configText().contains("x_io"));
    }
};

QTEST_GUILESS_MAIN(TestMigration)
#include "tst_migration.moc"
