// The one token-response parser (code exchange, refresh, device poll) and the clamps on
// the numbers a server sends (issue 9 §1).
#include "auth/DeviceLogin.h"
#include "auth/TokenResponse.h"
#include "core/QtCompat.h"

#include <QJsonValue>
#include <QTest>

using namespace astro;

class TstTokenResponse : public QObject
{
    Q_OBJECT
    const QDateTime now = utcFromSecsSinceEpoch(1700000000);

    static HttpResponse response(int status, const QByteArray& body,
                                 const QByteArray& type = "application/json")
    {
        HttpResponse r;
        r.status = status;
        r.body = body;
        r.contentType = type;
        return r;
    }

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("exit");        // 0: success
        QTest::addColumn<QString>("code");    // the OAuth error code reported
        QTest::addColumn<qint64>("lifetime"); // on success: expiresAt - now
        QTest::newRow("plain success")
            << 200 << QByteArray("application/json")
            << QByteArray(R"({"access_token":"abc.def.ghi","expires_in":120})") << 0 << QString()
            << qint64(120);
        QTest::newRow("charset parameter")
            << 200 << QByteArray("application/json; charset=utf-8")
            << QByteArray(R"({"access_token":"a"})") << 0 << QString() << qint64(3600);
        QTest::newRow("no expires_in: the default hour")
            << 200 << QByteArray("application/json") << QByteArray(R"({"access_token":"a"})") << 0
            << QString() << kDefaultTokenLifetimeSecs;
        QTest::newRow("expires_in as a string: the default")
            << 200 << QByteArray("application/json")
            << QByteArray(R"({"access_token":"a","expires_in":"60"})") << 0 << QString()
            << kDefaultTokenLifetimeSecs;
        QTest::newRow("expires_in negative: the default")
            << 200 << QByteArray("application/json")
            << QByteArray(R"({"access_token":"a","expires_in":-5})") << 0 << QString()
            << kDefaultTokenLifetimeSecs;
        QTest::newRow("expires_in absurd: a year at most")
            << 200 << QByteArray("application/json")
            << QByteArray(R"({"access_token":"a","expires_in":1e300})") << 0 << QString()
            << kMaxTokenLifetimeSecs;
        QTest::newRow("error with a 200")
            << 200 << QByteArray("application/json")
            << QByteArray(R"({"error":"server_error","access_token":"a"})") << int(ExitNetwork)
            << QStringLiteral("server_error") << qint64(0);
        QTest::newRow("invalid_grant")
            << 400 << QByteArray("application/json") << QByteArray(R"({"error":"invalid_grant"})")
            << int(ExitAuthFailed) << QStringLiteral("invalid_grant") << qint64(0);
        QTest::newRow("error code with escapes is cleaned")
            << 400 << QByteArray("application/json")
            << QByteArray("{\"error\":\"slow\\u001b]0;x\\u0007_down\"}") << int(ExitAuthFailed)
            << QStringLiteral("slow0x_down") << qint64(0);
        QTest::newRow("500 without JSON") << 500 << QByteArray("text/html") << QByteArray("<html>")
                                          << int(ExitNetwork) << QString() << qint64(0);
        QTest::newRow("text/plain with a token")
            << 200 << QByteArray("text/plain") << QByteArray(R"({"access_token":"a"})")
            << int(ExitNetwork) << QString() << qint64(0);
        QTest::newRow("JSON followed by garbage")
            << 200 << QByteArray("application/json")
            << QByteArray(R"({"access_token":"a","refresh_token":"r"} <html>)") << int(ExitNetwork)
            << QString() << qint64(0);
        QTest::newRow("a JSON array")
            << 200 << QByteArray("application/json") << QByteArray(R"([{"access_token":"a"}])")
            << int(ExitNetwork) << QString() << qint64(0);
        QTest::newRow("no access token")
            << 200 << QByteArray("application/json") << QByteArray(R"({"token_type":"Bearer"})")
            << int(ExitNetwork) << QString() << qint64(0);
        QTest::newRow("access token with a line break")
            << 200 << QByteArray("application/json") << QByteArray(R"({"access_token":"a\nb"})")
            << int(ExitNetwork) << QString() << qint64(0);
        QTest::newRow("access token not a string")
            << 200 << QByteArray("application/json") << QByteArray(R"({"access_token":42})")
            << int(ExitNetwork) << QString() << qint64(0);
    }
    void parses()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, body);
        QFETCH(int, exit);
        QFETCH(QString, code);
        QFETCH(qint64, lifetime);
        Credentials current;
        current.refreshToken = QStringLiteral("old-refresh");
        Credentials out;
        QString errorCode;
        const Error e =
            parseTokenReply(response(status, body, type), current, now, &out, &errorCode);
        QCOMPARE(int(e.code), exit);
        QCOMPARE(errorCode, code);
        if (exit == 0) {
            QCOMPARE(now.secsTo(out.expiresAt), lifetime);
            QCOMPARE(out.refreshToken, QStringLiteral("old-refresh")); // kept when not rotated
        } else {
            QVERIFY(!e.message.isEmpty());
            QVERIFY(!e.message.contains(QLatin1Char('\x1b')));
        }
    }
    void rotatedRefreshTokenReplacesTheOld()
    {
        Credentials current;
        current.refreshToken = QStringLiteral("old");
        Credentials out;
        QVERIFY(parseTokenResponse(200, R"({"access_token":"a","refresh_token":"new"})", current,
                                   now, &out)
                    .ok());
        QCOMPARE(out.refreshToken, QStringLiteral("new"));
    }
    void transportErrorsAreFailures()
    {
        HttpResponse r = response(307, QByteArray());
        r.transportError = r.untrustworthy = true;
        r.errorString = QStringLiteral("127.0.0.1 answered with a redirect");
        Credentials out;
        const Error e = parseTokenReply(r, Credentials(), now, &out);
        QCOMPARE(int(e.code), int(ExitNetwork));
        QVERIFY(e.message.contains(QStringLiteral("redirect")));
    }
    void deviceNumbersAreClamped_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<int>("interval");
        QTest::addColumn<int>("lifetime");
        QTest::newRow("missing") << QJsonValue() << 5 << kDefaultDeviceCodeLifetimeSecs;
        QTest::newRow("string") << QJsonValue(QStringLiteral("5")) << 5
                                << kDefaultDeviceCodeLifetimeSecs;
        QTest::newRow("zero") << QJsonValue(0) << 1 << kDefaultDeviceCodeLifetimeSecs;
        QTest::newRow("negative") << QJsonValue(-3) << 1 << kDefaultDeviceCodeLifetimeSecs;
        QTest::newRow("ordinary") << QJsonValue(7) << 7 << 7;
        QTest::newRow("huge") << QJsonValue(3000000) << kMaxPollIntervalSecs
                              << kMaxDeviceCodeLifetimeSecs;
        QTest::newRow("1e300") << QJsonValue(1e300) << kMaxPollIntervalSecs
                               << kMaxDeviceCodeLifetimeSecs;
    }
    void deviceNumbersAreClamped()
    {
        QFETCH(QJsonValue, value);
        QFETCH(int, interval);
        QFETCH(int, lifetime);
        QCOMPARE(DeviceLogin::clampInterval(value), interval);
        QCOMPARE(DeviceLogin::clampLifetime(value), lifetime);
    }
};

QTEST_GUILESS_MAIN(TstTokenResponse)
#include "tst_token_response.moc"
