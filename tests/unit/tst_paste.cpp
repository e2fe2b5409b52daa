#include "auth/PastedInput.h"

#include <QTest>

using namespace astro;
using Kind = PastedInput::Kind;

class TestPaste : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("code");
        QTest::newRow("full address")
            << "http://localhost:12345/callback?code=abc&state=s1&iss=http%3A%2F%2Fi%2F"
            << int(Kind::Callback) << "abc";
        QTest::newRow("with blanks") << "  http://localhost:1/callback?code=a%2Bb+c&state=s \n"
                                     << int(Kind::Callback) << "a+b c";
        QTest::newRow("ipv6 address")
            << "http://[::1]:5/callback?code=x&state=s" << int(Kind::Callback) << "x";
        QTest::newRow("query only") << "code=abc&state=s1" << int(Kind::Callback) << "abc";
        QTest::newRow("query with ?") << "?code=abc&state=s1" << int(Kind::Callback) << "abc";
        QTest::newRow("error address") << "http://localhost:1/callback?error=access_denied&state=s"
                                       << int(Kind::Callback) << "";
        QTest::newRow("jwt token")
            << "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl" << int(Kind::Token) << "";
        QTest::newRow("jwt with Bearer and blanks")
            << " Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl\n"
            << int(Kind::Token) << "";
        // Issue 9 §2: only a JWT is taken as a token; nothing else is ever sent to the server.
        QTest::newRow("opaque word (a password?)")
            << "abcdefghijklmnopqrstuvwxyz0123456789" << int(Kind::Invalid) << "";
        QTest::newRow("password") << "CorrectHorseBatteryStaple2024" << int(Kind::Invalid) << "";
        QTest::newRow("password with dots")
            << "my.secret.password-that-is-long" << int(Kind::Invalid) << "";
        QTest::newRow("three parts, not JSON")
            << "aGVsbG8gd29ybGQ.aGVsbG8gd29ybGQ.c2lnbmF0dXJl" << int(Kind::Invalid) << "";
        QTest::newRow("header not an object") // [1] . {"sub":"x"} . sig
            << "WzFd.eyJzdWIiOiJ4In0.c2lnbmF0dXJl" << int(Kind::Invalid) << "";
        QTest::newRow("payload not an object") // {"alg":"RS256"} . "x" . sig
            << "eyJhbGciOiJSUzI1NiJ9.Ingi.c2lnbmF0dXJl" << int(Kind::Invalid) << "";
        QTest::newRow("no signature")
            << "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." << int(Kind::Invalid) << "";
        QTest::newRow("four parts")
            << "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln.c2ln" << int(Kind::Invalid) << "";
        QTest::newRow("not base64url")
            << "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2l+bmF0dXJl" << int(Kind::Invalid) << "";
        QTest::newRow("other path") << "http://localhost:1/success" << int(Kind::Invalid) << "";
        QTest::newRow("address without query")
            << "http://localhost:1/callback" << int(Kind::Invalid) << "";
        QTest::newRow("no code") << "http://localhost:1/callback?state=s" << int(Kind::Invalid)
                                 << "";
        QTest::newRow("words") << "hello there" << int(Kind::Invalid) << "";
        QTest::newRow("short") << "abc" << int(Kind::Invalid) << "";
        QTest::newRow("empty") << "   " << int(Kind::Invalid) << "";
        QTest::newRow("huge") << QString(20000, QLatin1Char('a')) << int(Kind::Invalid) << "";
    }
    void classify()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        QFETCH(QString, code);
        const PastedInput in = classifyPaste(text);
        QCOMPARE(int(in.kind), kind);
        if (in.kind == Kind::Callback)
            QCOMPARE(in.params.value(QStringLiteral("code")), code);
        if (in.kind == Kind::Invalid)
            QVERIFY(!in.problem.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPaste)
#include "tst_paste.moc"
