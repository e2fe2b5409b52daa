#include "auth/TokenLogin.h"
#include "core/Credentials.h"
#include "core/Jwt.h"
#include "core/QtCompat.h"

#include <QTest>

using namespace astro;

static QString jwtWithPayload(const QByteArray& payload)
{
    const auto enc = [](const QByteArray& b) {
        return QString::fromLatin1(
            b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    return enc("{\"alg\":\"RS256\"}") + QLatin1Char('.') + enc(payload) + QStringLiteral(".c2ln");
}

class TestJwt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsExp()
    {
        JwtClaims c;
        QVERIFY(decodeJwtClaims(
            jwtWithPayload("{\"exp\":1900000000,\"email\":\"a@b.c\",\"iss\":\"http://x/\"}"), &c));
        QCOMPARE(c.expiresAt(), utcFromSecsSinceEpoch(1900000000));
        QCOMPARE(c.email(), QStringLiteral("a@b.c"));
        QCOMPARE(c.issuer(), QStringLiteral("http://x/"));
    }
    void noOrBadExp_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("missing") << QByteArray("{\"sub\":\"x\"}");
        QTest::newRow("string") << QByteArray("{\"exp\":\"1900000000\"}");
        QTest::newRow("negative") << QByteArray("{\"exp\":-5}");
        QTest::newRow("huge") << QByteArray("{\"exp\":1e300}");
    }
    void noOrBadExp()
    {
        QFETCH(QByteArray, payload);
        JwtClaims c;
        QVERIFY(decodeJwtClaims(jwtWithPayload(payload), &c));
        QVERIFY(!c.expiresAt().isValid());
    }
    void notAJwt_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("opaque") << "abcdef0123456789";
        QTest::newRow("two parts") << "abc.def";
        QTest::newRow("four parts") << "a.b.c.d";
        QTest::newRow("bad base64") << "eyJ.!!!.c2ln";
        QTest::newRow("array payload") << jwtWithPayload("[1,2]");
        QTest::newRow("not json") << jwtWithPayload("hello");
    }
    void notAJwt()
    {
        QFETCH(QString, token);
        JwtClaims c;
        QVERIFY(!decodeJwtClaims(token, &c));
    }
    void normalizesTokens_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("token");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << "abc.def-ghi_jkl"
                               << "abc.def-ghi_jkl" << true;
        QTest::newRow("newline from stdin") << "abc.def\n"
                                            << "abc.def" << true;
        QTest::newRow("bearer prefix") << "Bearer abc"
                                       << "abc" << true;
        QTest::newRow("padding") << "YWJj=="
                                 << "YWJj==" << true;
        QTest::newRow("empty") << "  \n"
                               << "" << false;
        QTest::newRow("inner space") << "abc def"
                                     << "" << false;
        QTest::newRow("two lines") << "abc\ndef"
                                   << "" << false;
        QTest::newRow("quote") << "\"abc\""
                               << "" << false;
        QTest::newRow("too long") << QString(20000, QLatin1Char('a')) << "" << false;
    }
    void normalizesTokens()
    {
        QFETCH(QString, raw);
        QFETCH(QString, token);
        QFETCH(bool, ok);
        QString out;
        const Error e = normalizeToken(raw, &out);
        QCOMPARE(e.ok(), ok);
        if (ok)
            QCOMPARE(out, token);
        else
            QVERIFY(!e.message.contains(raw.trimmed()) || raw.trimmed().isEmpty());
    }
    void credentialsRoundTrip()
    {
        Credentials c;
        c.accessToken = QStringLiteral("at");
        c.refreshToken = QStringLiteral("rt");
        c.expiresAt = utcFromSecsSinceEpoch(1900000000);
        Credentials d;
        QVERIFY(Credentials::fromJson(c.toJson(), &d));
        QCOMPARE(d.accessToken, c.accessToken);
        QCOMPARE(d.refreshToken, c.refreshToken);
        QCOMPARE(d.expiresAt, c.expiresAt);
        QVERIFY(!Credentials::fromJson("{}", &d));
        // Found by the fuzzer: an absurd expiry must not overflow (UB), just be unknown.
        QVERIFY(Credentials::fromJson("{\"access_token\":\"a\",\"expires_at\":1e300}", &d));
        QVERIFY(!d.expiresAt.isValid());
        QVERIFY(Credentials::fromJson("{\"access_token\":\"a\",\"expires_at\":-1e300}", &d));
        QVERIFY(!d.expiresAt.isValid());
        QVERIFY(!Credentials::fromJson("garbage", &d));
        QVERIFY(c.expiresWithin(c.expiresAt.addSecs(-299), 300));
        QVERIFY(!c.expiresWithin(c.expiresAt.addSecs(-301), 300));
    }
};

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
