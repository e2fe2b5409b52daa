// The loopback listener, driven over real sockets.
#include "auth/LoopbackReplyHandler.h"
#include "core/QtCompat.h"

#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QOAuth2AuthorizationCodeFlow>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using astro::LoopbackReplyHandler;

namespace {

// Sends `chunks` (with a pause between them) and returns the whole response.
QByteArray exchange(const QHostAddress& addr, quint16 port, const QList<QByteArray>& chunks,
                    int pauseMs = 50)
{
    QTcpSocket s;
    s.connectToHost(addr, port);
    if (!s.waitForConnected(2000))
        return "CONNECT FAILED";
    for (const QByteArray& c : chunks) {
        s.write(c);
        s.flush();
        QTest::qWait(pauseMs);
    }
    QByteArray response;
    QElapsedTimer t;
    t.start();
    while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < 5000) {
        QTest::qWait(10);
        response += s.readAll();
    }
    response += s.readAll();
    return response;
}

QByteArray get(quint16 port, const QByteArray& target, const QByteArray& host = QByteArray())
{
    const QByteArray h = host.isEmpty() ? "localhost:" + QByteArray::number(port) : host;
    return exchange(QHostAddress::LocalHost, port,
                    {"GET " + target + " HTTP/1.1\r\nHost: " + h + "\r\n\r\n"});
}

int status(const QByteArray& response)
{
    return response.mid(9, 3).toInt();
}

} // namespace

class TestListener : public QObject
{
    Q_OBJECT
private:
    LoopbackReplyHandler* listen(const QString& state = QStringLiteral("expected-state"))
    {
        auto* l = new LoopbackReplyHandler(this);
        QString why;
        if (!l->listen(0, &why))
            qFatal("listen: %s", qPrintable(why));
        l->setExpectedState(state);
        return l;
    }

private Q_SLOTS:
    // The pure callback rules, shared by the listener and the paste-back path.
    void callbackRules_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("issuerRequired");
        QTest::addColumn<int>("verdict");
        QTest::addColumn<QString>("why");
        const int ok = int(astro::CallbackCheck::Accepted),
                  denied = int(astro::CallbackCheck::Denied),
                  rejected = int(astro::CallbackCheck::Rejected);
        QTest::newRow("code and state") << "code=c&state=S1" << false << ok << QString();
        QTest::newRow("with the right iss")
            << "code=c&state=S1&iss=https%3A%2F%2Fidp%2F" << true << ok << QString();
        QTest::newRow("no state") << "code=c" << false << rejected << "without state";
        QTest::newRow("wrong state") << "code=c&state=S2" << false << rejected << "wrong state";
        QTest::newRow("an error with a wrong state is no denial")
            << "error=access_denied&state=S2" << false << rejected << "wrong state";
        QTest::newRow("denied") << "error=access_denied&state=S1" << false << denied << QString();
        QTest::newRow("iss required, missing")
            << "code=c&state=S1" << true << rejected << "without iss";
        QTest::newRow("another issuer")
            << "code=c&state=S1&iss=https%3A%2F%2Fevil%2F" << false << rejected << "another issuer";
        QTest::newRow("no code") << "state=S1" << false << rejected << "without a code";
        QTest::newRow("the first state wins")
            << "state=S1&state=S2&code=c" << false << ok << QString();
    }
    void callbackRules()
    {
        QFETCH(QString, query);
        QFETCH(bool, issuerRequired);
        QFETCH(int, verdict);
        QFETCH(QString, why);
        astro::ExpectedCallback expected;
        expected.state = "S1";
        expected.issuer = QStringLiteral("https://idp/");
        expected.issuerRequired = issuerRequired;
        QString reason;
        QCOMPARE(int(astro::judgeCallback(astro::parseQuery(query.toUtf8()), expected, &reason)),
                 verdict);
        QVERIFY2(reason.contains(why), qPrintable(reason));
    }

    // The code reaches the token endpoint exactly as the server issued it, through Qt's own
    // flow, on every Qt version (Qt 6.8 sends a code that contains '%' as it is).
    void codeReachesTheTokenEndpointUnchanged()
    {
        QTcpServer tokenEndpoint;
        QVERIFY(tokenEndpoint.listen(QHostAddress::LocalHost, 0));
        QByteArray request;
        connect(&tokenEndpoint, &QTcpServer::newConnection, this, [&] {
            QTcpSocket* t = tokenEndpoint.nextPendingConnection();
            connect(t, &QTcpSocket::readyRead, t, [&request, t] { request += t->readAll(); });
        });
        LoopbackReplyHandler* l = listen();
        QNetworkAccessManager nam;
        QOAuth2AuthorizationCodeFlow flow(&nam);
        flow.setAccessTokenUrl(
            QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(tokenEndpoint.serverPort())));
        flow.setClientIdentifier(QStringLiteral("c"));
        flow.setReplyHandler(l);
        flow.setAuthorizationUrl(QUrl(QStringLiteral("http://127.0.0.1:1/authorize")));
        flow.setState(QStringLiteral("expected-state"));
        flow.grant(); // emits authorizeWithBrowser (unused here) and connects the listener
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, l->port());
        QVERIFY(s.waitForConnected(2000));
        // The code is "a%41b+ c&d=e": a '%' followed by hex digits, a '+', a space, '&' and '='.
        s.write("GET /callback?code=a%2541b%2B+c%26d%3De&state=expected-state HTTP/1.1\r\nHost: "
                "localhost:" +
                QByteArray::number(l->port()) + "\r\n\r\n");
        auto body = [&request] {
            const int end = request.indexOf("\r\n\r\n");
            const int at = request.toLower().indexOf("content-length:");
            if (end < 0 || at < 0)
                return QByteArray();
            const int length =
                request.mid(at + 15, request.indexOf('\r', at) - at - 15).trimmed().toInt();
            return request.size() >= end + 4 + length ? request.mid(end + 4, length) : QByteArray();
        };
        QTRY_VERIFY(!body().isEmpty());
        QCOMPARE(astro::parseQuery(body()).value(QStringLiteral("code")),
                 QStringLiteral("a%41b+ c&d=e"));
        l->finishCallback(false);
    }
    void bindsLoopbackOnlyOnBothFamilies()
    {
        LoopbackReplyHandler* l = listen();
        const auto addrs = l->boundAddresses();
        QVERIFY(addrs.contains(QHostAddress(QHostAddress::LocalHost)));
        for (const QHostAddress& a : addrs)
            QVERIFY2(a.isLoopback(), qPrintable(a.toString()));
        QCOMPARE(l->callback(), QStringLiteral("http://localhost:%1/callback").arg(l->port()));
        // Nothing answers on any non-loopback address of this machine.
        int tried = 0;
        for (const QHostAddress& a : QNetworkInterface::allAddresses()) {
            if (a.isLoopback() || a.isLinkLocal())
                continue;
            ++tried;
            QTcpSocket s;
            s.connectToHost(a, l->port());
            QVERIFY2(!s.waitForConnected(1000), qPrintable(a.toString()));
        }
        qInfo("checked %d non-loopback addresses", tried);
    }
    void ipv6Callback()
    {
        LoopbackReplyHandler* l = listen();
        if (l->boundAddresses().size() < 2)
            QSKIP("no IPv6 loopback on this machine");
        QSignalSpy cb(l, &QAbstractOAuthReplyHandler::callbackReceived);
        const QByteArray r =
            exchange(QHostAddress::LocalHostIPv6, l->port(),
                     {"GET /callback?code=c1&state=expected-state HTTP/1.1\r\nHost: [::1]:" +
                      QByteArray::number(l->port()) + "\r\n\r\n"},
                     0);
        QTRY_COMPARE(cb.size(), 1);
        l->finishCallback(true);
        Q_UNUSED(r);
    }
    void headersSplitAcrossReads()
    {
        LoopbackReplyHandler* l = listen();
        QSignalSpy cb(l, &QAbstractOAuthReplyHandler::callbackReceived);
        const QByteArray port = QByteArray::number(l->port());
        QByteArray response;
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, l->port());
        QVERIFY(s.waitForConnected(2000));
        for (const QByteArray& c : QList<QByteArray>{"GET /callback?code=a%2Bb+c&st",
                                                     "ate=expected-state&iss=", " HTTP/1.1\r\nHo",
                                                     "st: 127.0.0.1:" + port + "\r", "\n\r\n"}) {
            s.write(c);
            s.flush();
            QTest::qWait(40);
        }
        QTRY_COMPARE(cb.size(), 1);
        const QVariantMap values = cb.at(0).at(0).toMap();
        // Fully decoded: %2B is '+', '+' is a space (then encoded once more for Qt 6.8's flow).
        QCOMPARE(values.value(QStringLiteral("code")).toString(),
                 astro::codeForOAuthFlow(QStringLiteral("a+b c")));
        l->finishCallback(true);
        QTRY_VERIFY(s.bytesAvailable() > 0 || s.waitForReadyRead(100));
        response = s.readAll();
        QCOMPARE(status(response), 303);
        QVERIFY(response.contains("Location: /success\r\n"));
        QVERIFY(response.contains("Cache-Control: no-store"));
        QVERIFY(response.contains("Referrer-Policy: no-referrer"));
        // The success page is served, code-free.
        const QByteArray page = get(l->port(), "/success");
        QCOMPARE(status(page), 200);
        QVERIFY(page.contains("Cache-Control: no-store"));
    }
    void oversizedHeaders()
    {
        LoopbackReplyHandler* l = listen();
        QSignalSpy rejected(l, &LoopbackReplyHandler::requestRejected);
        const QByteArray big(20000, 'a');
        const QByteArray r = exchange(QHostAddress::LocalHost, l->port(),
                                      {"GET /callback HTTP/1.1\r\nX-Big: " + big + "\r\n\r\n"}, 0);
        QCOMPARE(status(r), 431);
        QCOMPARE(rejected.size(), 1);
    }
    void slowClientTimesOut()
    {
        LoopbackReplyHandler* l = listen();
        LoopbackReplyHandler::Limits limits;
        limits.clientTimeoutMs = 300;
        l->setLimits(limits);
        QElapsedTimer t;
        t.start();
        const QByteArray r =
            exchange(QHostAddress::LocalHost, l->port(), {"GET /callback HTTP/1.1\r\n"}, 0);
        QCOMPARE(status(r), 408);
        QVERIFY(t.elapsed() < 3000);
    }
    void rejectsAndKeepsWaiting_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("expected");
        QTest::addColumn<bool>("issRequired");
        QTest::newRow("host mismatch") << QByteArray("/callback?code=c&state=expected-state")
                                       << QByteArray("evil.example") << 421 << false;
        QTest::newRow("host wrong port") << QByteArray("/callback?code=c&state=expected-state")
                                         << QByteArray("localhost:1") << 421 << false;
        QTest::newRow("favicon") << QByteArray("/favicon.ico") << QByteArray() << 404 << false;
        QTest::newRow("prefix path")
            << QByteArray("/callbackx?code=c&state=expected-state") << QByteArray() << 404 << false;
        QTest::newRow("sub path") << QByteArray("/callback/x?code=c&state=expected-state")
                                  << QByteArray() << 404 << false;
        QTest::newRow("wrong state")
            << QByteArray("/callback?code=c&state=other") << QByteArray() << 400 << false;
        QTest::newRow("state prefix")
            << QByteArray("/callback?code=c&state=expected-stat") << QByteArray() << 400 << false;
        QTest::newRow("no state") << QByteArray("/callback?code=c") << QByteArray() << 400 << false;
        QTest::newRow("error without state")
            << QByteArray("/callback?error=access_denied") << QByteArray() << 400 << false;
        QTest::newRow("no code") << QByteArray("/callback?state=expected-state") << QByteArray()
                                 << 400 << false;
        QTest::newRow("wrong issuer")
            << QByteArray("/callback?code=c&state=expected-state&iss=http%3A%2F%2Fevil%2F")
            << QByteArray() << 400 << false;
        // RFC 9207: the server advertises iss, so a callback without it is refused.
        QTest::newRow("iss missing, required")
            << QByteArray("/callback?code=c&state=expected-state") << QByteArray() << 400 << true;
    }
    void rejectsAndKeepsWaiting()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, host);
        QFETCH(int, expected);
        QFETCH(bool, issRequired);
        LoopbackReplyHandler* l = listen();
        l->setExpectedIssuer(QStringLiteral("http://127.0.0.1:1/"));
        l->setIssuerRequired(issRequired);
        QSignalSpy cb(l, &QAbstractOAuthReplyHandler::callbackReceived);
        QSignalSpy denied(l, &LoopbackReplyHandler::authorizationDenied);
        const QByteArray h = host.isEmpty() || host.contains(':')
                                 ? host
                                 : host + ':' + QByteArray::number(l->port());
        const QByteArray r = get(l->port(), target, h);
        QCOMPARE(status(r), expected);
        QVERIFY(r.contains("Cache-Control: no-store"));
        QCOMPARE(cb.size(), 0);
        QCOMPARE(denied.size(), 0);
        // Still waiting: the real callback goes through (its reply is held until finishCallback).
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, l->port());
        QVERIFY(s.waitForConnected(2000));
        s.write("GET /callback?code=real&state=expected-state&iss=http%3A%2F%2F127.0.0.1%3A1%2F "
                "HTTP/1.1\r\nHost: "
                "localhost:" +
                QByteArray::number(l->port()) + "\r\n\r\n");
        QTRY_COMPARE(cb.size(), 1);
        QCOMPARE(cb.at(0).at(0).toMap().value(QStringLiteral("code")).toString(),
                 QStringLiteral("real"));
        l->finishCallback(true);
        QTRY_VERIFY(s.waitForReadyRead(100) || s.bytesAvailable() > 0);
        QCOMPARE(status(s.readAll()), 303);
    }
    void nonGetIsRefused()
    {
        LoopbackReplyHandler* l = listen();
        const QByteArray r =
            exchange(QHostAddress::LocalHost, l->port(),
                     {"POST /callback?code=c&state=expected-state HTTP/1.1\r\nHost: localhost:" +
                      QByteArray::number(l->port()) + "\r\nContent-Length: 0\r\n\r\n"},
                     0);
        QCOMPARE(status(r), 405);
    }
    void errorWithRightStateIsDenied()
    {
        LoopbackReplyHandler* l = listen();
        QSignalSpy denied(l, &LoopbackReplyHandler::authorizationDenied);
        const QByteArray r = get(
            l->port(),
            "/callback?error=access_denied&error_description=User+said+no&state=expected-state");
        QCOMPARE(status(r), 303);
        QVERIFY(r.contains("Location: /failure"));
        QCOMPARE(denied.size(), 1);
        QCOMPARE(denied.at(0).at(1).toString(), QStringLiteral("User said no"));
    }
    void portInUseIsAClearError()
    {
        LoopbackReplyHandler* first = listen();
        LoopbackReplyHandler second;
        QString why;
        QVERIFY(!second.listen(first->port(), &why));
        QVERIFY(why.contains(QString::number(first->port())));
        QVERIFY(why.contains(QStringLiteral("--callback-port 0")));
    }
    void queryParsing()
    {
        const auto q = astro::parseQuery("a=1&b=%7E%20x+y&a=2&empty=&flag&iss=http%3A%2F%2Fh%2F");
        QCOMPARE(q.value(QStringLiteral("a")), QStringLiteral("1"));
        QCOMPARE(q.value(QStringLiteral("b")), QStringLiteral("~ x y"));
        QCOMPARE(q.value(QStringLiteral("empty")), QString());
        QVERIFY(q.contains(QStringLiteral("flag")));
        QCOMPARE(q.value(QStringLiteral("iss")), QStringLiteral("http://h/"));
        QVERIFY(astro::constantTimeEquals("abc", "abc"));
        QVERIFY(!astro::constantTimeEquals("abc", "abd"));
        QVERIFY(!astro::constantTimeEquals("abc", "abcd"));
    }
};

QTEST_GUILESS_MAIN(TestListener)
#include "tst_listener.moc"
