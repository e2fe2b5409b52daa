// Proxies and certificate authorities from the environment, as curl and Go read them
// (issue 11 §3).
#include "auth/NetworkEnvironment.h"

#include <QTemporaryDir>
#include <QTest>

using namespace astro;

class TstNetworkEnvironment : public QObject
{
    Q_OBJECT

    static QProcessEnvironment env(const QStringList& vars)
    {
        QProcessEnvironment e;
        for (const QString& v : vars)
            e.insert(v.section(QLatin1Char('='), 0, 0), v.section(QLatin1Char('='), 1));
        return e;
    }

private Q_SLOTS:
    void proxyChoice_data()
    {
        QTest::addColumn<QStringList>("vars");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected"); // display, or "direct", or "problem"
        QTest::addColumn<QString>("variable");
        const QString api = QStringLiteral("https://api.astronomer.io/v1");
        QTest::newRow("nothing set") << QStringList() << api << "direct"
                                     << "";
        QTest::newRow("upper case")
            << QStringList{"HTTPS_PROXY=http://proxy.corp:3128"} << api << "http://proxy.corp:3128"
            << "HTTPS_PROXY";
        QTest::newRow("lower case")
            << QStringList{"https_proxy=proxy.corp:3128"} << api << "http://proxy.corp:3128"
            << "https_proxy";
        QTest::newRow("upper case wins, as in Go")
            << QStringList{"HTTPS_PROXY=http://a:1", "https_proxy=http://b:2"} << api
            << "http://a:1"
            << "HTTPS_PROXY";
        QTest::newRow("http URL reads HTTP_PROXY")
            << QStringList{"HTTPS_PROXY=http://a:1", "HTTP_PROXY=http://b:2"}
            << "http://example.com/"
            << "http://b:2"
            << "HTTP_PROXY";
        QTest::newRow("ALL_PROXY as the fallback")
            << QStringList{"ALL_PROXY=socks5://s:1080"} << api << "socks5://s:1080"
            << "ALL_PROXY";
        QTest::newRow("all_proxy lower case")
            << QStringList{"all_proxy=socks5h://s"} << api << "socks5h://s:1080"
            << "all_proxy";
        QTest::newRow("default port")
            << QStringList{"HTTPS_PROXY=http://proxy.corp"} << api << "http://proxy.corp:80"
            << "HTTPS_PROXY";
        QTest::newRow("loopback never")
            << QStringList{"HTTPS_PROXY=http://a:1"} << "https://127.0.0.1:8443/"
            << "direct"
            << "";
        QTest::newRow("localhost never")
            << QStringList{"HTTP_PROXY=http://a:1"} << "http://localhost:12345/"
            << "direct"
            << "";
        QTest::newRow("::1 never") << QStringList{"ALL_PROXY=socks5://a:1"} << "http://[::1]:12345/"
                                   << "direct"
                                   << "";
        QTest::newRow("NO_PROXY domain")
            << QStringList{"HTTPS_PROXY=http://a:1", "NO_PROXY=astronomer.io"} << api << "direct"
            << "";
        QTest::newRow("no_proxy leading dot")
            << QStringList{"HTTPS_PROXY=http://a:1", "no_proxy=.astronomer.io"} << api << "direct"
            << "";
        QTest::newRow("NO_PROXY other domain")
            << QStringList{"HTTPS_PROXY=http://a:1", "NO_PROXY=nomer.io"} << api << "http://a:1"
            << "HTTPS_PROXY";
        QTest::newRow("NO_PROXY star")
            << QStringList{"HTTPS_PROXY=http://a:1", "NO_PROXY=*"} << api << "direct"
            << "";
        QTest::newRow("NO_PROXY CIDR")
            << QStringList{"HTTPS_PROXY=http://a:1", "NO_PROXY=10.0.0.0/8"} << "https://10.1.2.3/"
            << "direct"
            << "";
        QTest::newRow("NO_PROXY port mismatch")
            << QStringList{"HTTPS_PROXY=http://a:1", "NO_PROXY=astronomer.io:8443"} << api
            << "http://a:1"
            << "HTTPS_PROXY";
        QTest::newRow("NO_PROXY port match")
            << QStringList{"HTTPS_PROXY=http://a:1", "NO_PROXY=api.astronomer.io:443"} << api
            << "direct"
            << "";
        QTest::newRow("unsupported scheme")
            << QStringList{"HTTPS_PROXY=ftp://a:1"} << api << "problem"
            << "HTTPS_PROXY";
    }
    void proxyChoice()
    {
        QFETCH(QStringList, vars);
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QFETCH(QString, variable);
        const ProxyChoice c = proxyFor(QUrl(url), env(vars));
        if (expected == QLatin1String("direct")) {
            QVERIFY(c.direct());
            QVERIFY(c.problem.isEmpty());
        } else if (expected == QLatin1String("problem")) {
            QVERIFY(c.direct());
            QVERIFY(c.problem.contains(variable));
        } else {
            QVERIFY(!c.direct());
            QCOMPARE(c.display, expected);
        }
        QCOMPARE(c.variable, variable);
    }
    void proxyCredentialsStayOutOfTheDisplay()
    {
        const ProxyChoice c = proxyFor(QUrl(QStringLiteral("https://api.astronomer.io/")),
                                       env({"HTTPS_PROXY=http://me:s%40cret@proxy.corp:3128"}));
        QCOMPARE(c.proxy.user(), QStringLiteral("me"));
        QCOMPARE(c.proxy.password(), QStringLiteral("s@cret"));
        QVERIFY(!c.display.contains(QStringLiteral("cret")));
        QVERIFY(!c.display.contains(QStringLiteral("me@")));
    }
    void certificateAuthorities()
    {
        QCOMPARE(trustedCas(env({})).custom, false);
        const TrustedCas missing = trustedCas(env({"ASTRO_CA_FILE=/nonexistent/ca.pem"}));
        QVERIFY(missing.problem.contains(QStringLiteral("ASTRO_CA_FILE=/nonexistent/ca.pem")));
        QTemporaryDir dir;
        QFile notPem(dir.filePath(QStringLiteral("x.pem")));
        QVERIFY(notPem.open(QIODevice::WriteOnly));
        notPem.write("not a certificate\n");
        notPem.close();
        const TrustedCas empty = trustedCas(env({"SSL_CERT_FILE=" + notPem.fileName()}));
        QVERIFY(empty.problem.contains(QStringLiteral("no PEM certificate")));
        const TrustedCas system =
            trustedCas(env({"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"}));
        QVERIFY(system.problem.isEmpty());
        QVERIFY(system.certificates.size() > 10);
    }
};

QTEST_GUILESS_MAIN(TstNetworkEnvironment)
#include "tst_network_environment.moc"
