#include "core/Domain.h"

#include <QTest>

using astro::Domain;
using astro::Product;

class TestDomain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void normalizes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("api");
        QTest::addColumn<QString>("key");
        QTest::newRow("default") << ""
                                 << "astronomer.io"
                                 << "https://api.astronomer.io/"
                                 << "astronomer_io";
        QTest::newRow("cloud prefix") << "cloud.astronomer.io"
                                      << "astronomer.io"
                                      << "https://api.astronomer.io/"
                                      << "astronomer_io";
        QTest::newRow("scheme and slash") << "https://cloud.astronomer-dev.io/"
                                          << "astronomer-dev.io"
                                          << "https://api.astronomer-dev.io/"
                                          << "astronomer-dev_io";
        QTest::newRow("case and blanks") << "  Astronomer.IO "
                                         << "astronomer.io"
                                         << "https://api.astronomer.io/"
                                         << "astronomer_io";
        QTest::newRow("localhost no port") << "localhost"
                                           << "localhost"
                                           << "http://localhost:8888/"
                                           << "localhost";
        QTest::newRow("loopback with port") << "127.0.0.1:4321"
                                            << "127.0.0.1:4321"
                                            << "http://127.0.0.1:4321/"
                                            << "127_0_0_1:4321";
        QTest::newRow("http loopback") << "http://localhost:9000/"
                                       << "localhost:9000"
                                       << "http://localhost:9000/"
                                       << "localhost:9000";
    }
    void normalizes()
    {
        QFETCH(QString, input);
        QFETCH(QString, name);
        QFETCH(QString, api);
        QFETCH(QString, key);
        Domain d;
        QString why;
        QVERIFY2(Domain::parse(input, &d, &why), qPrintable(why));
        QCOMPARE(d.name(), name);
        QCOMPARE(d.platformBase().toString(), api);
        QCOMPARE(d.contextKey(), key);
        QCOMPARE(d.authConfigUrl().toString(),
                 api + QStringLiteral("private/v1alpha1/cli/auth-config"));
    }
    // astro-cli's IsCloudDomain: (prNNNN.)(cloud.)astronomer(-dev|-stage|-perf).io is Astro;
    // every other domain is Astro Private Cloud; a loopback one only when asked for.
    void product_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("apcFlag");
        QTest::addColumn<bool>("apc");
        QTest::addColumn<QString>("houston");
        QTest::addColumn<QString>("tokenPage");
        const QString none;
        QTest::newRow("default") << "" << false << false << none << none;
        QTest::newRow("astronomer.io") << "astronomer.io" << false << false << none << none;
        QTest::newRow("cloud.astronomer.io")
            << "cloud.astronomer.io" << false << false << none << none;
        QTest::newRow("https cloud dev")
            << "https://cloud.astronomer-dev.io/" << false << false << none << none;
        QTest::newRow("stage") << "astronomer-stage.io" << false << false << none << none;
        QTest::newRow("cloud perf") << "cloud.astronomer-perf.io" << false << false << none << none;
        QTest::newRow("pr preview dev")
            << "pr1234.astronomer-dev.io" << false << false << none << none;
        QTest::newRow("pr preview 6 digits")
            << "pr123456.cloud.astronomer-dev.io" << false << false << none << none;
        QTest::newRow("pr preview io") << "pr12345.astronomer.io" << false << false << none << none;
        // The apc flag changes nothing for Astro's own domains.
        QTest::newRow("astro with apc flag") << "astronomer.io" << true << false << none << none;
        QTest::newRow("apc domain")
            << "example.com" << false << true << "https://houston.example.com/v1"
            << "https://app.example.com/token";
        QTest::newRow("apc subdomain") << "https://astro.corp.example.org/" << false << true
                                       << "https://houston.astro.corp.example.org/v1"
                                       << "https://app.astro.corp.example.org/token";
        QTest::newRow("apc flag is harmless")
            << "example.com" << true << true << "https://houston.example.com/v1"
            << "https://app.example.com/token";
        QTest::newRow("unknown astronomer variant")
            << "astronomer-qa.io" << false << true << "https://houston.astronomer-qa.io/v1"
            << "https://app.astronomer-qa.io/token";
        QTest::newRow("pr with 3 digits") << "pr123.astronomer-dev.io" << false << true
                                          << "https://houston.pr123.astronomer-dev.io/v1"
                                          << "https://app.pr123.astronomer-dev.io/token";
        QTest::newRow("astronomer.io as a subdomain")
            << "astronomer.io.example.com" << false << true
            << "https://houston.astronomer.io.example.com/v1"
            << "https://app.astronomer.io.example.com/token";
        QTest::newRow("suffix of astronomer.io")
            << "myastronomer.io" << false << true << "https://houston.myastronomer.io/v1"
            << "https://app.myastronomer.io/token";
        QTest::newRow("software subdomain of astronomer.io")
            << "software.astronomer.io" << false << true
            << "https://houston.software.astronomer.io/v1"
            << "https://app.software.astronomer.io/token";
        QTest::newRow("localhost") << "localhost" << false << false << none << none;
        QTest::newRow("127.0.0.1 with port") << "127.0.0.1:4321" << false << false << none << none;
        QTest::newRow("localhost apc") << "localhost" << true << true << "http://localhost:8888/v1"
                                       << "http://localhost:8888/token";
        QTest::newRow("loopback apc with port")
            << "http://127.0.0.1:4321/" << true << true << "http://127.0.0.1:4321/v1"
            << "http://127.0.0.1:4321/token";
    }
    void product()
    {
        QFETCH(QString, input);
        QFETCH(bool, apcFlag);
        QFETCH(bool, apc);
        QFETCH(QString, houston);
        QFETCH(QString, tokenPage);
        Domain d;
        QString why;
        QVERIFY2(Domain::parse(input, &d, &why, apcFlag ? Product::Apc : Product::Astro),
                 qPrintable(why));
        QCOMPARE(d.product(), apc ? Product::Apc : Product::Astro);
        QCOMPARE(d.isApc(), apc);
        QCOMPARE(d.houstonUrl().toString(), houston);
        QCOMPARE(d.tokenPageUrl().toString(), tokenPage);
        // The two-argument form is the same as asking for Astro.
        Domain plain;
        QVERIFY(Domain::parse(input, &plain, &why));
        QCOMPARE(plain.isApc(), apc && !(apcFlag && plain.isLoopback()));
    }
    void productNames()
    {
        QCOMPARE(astro::productName(Product::Astro), QStringLiteral("astro"));
        QCOMPARE(astro::productName(Product::Apc), QStringLiteral("apc"));
        Product p = Product::Apc;
        QVERIFY(astro::productFromName(QStringLiteral("astro"), &p));
        QCOMPARE(p, Product::Astro);
        QVERIFY(astro::productFromName(QStringLiteral("apc"), &p));
        QCOMPARE(p, Product::Apc);
        QVERIFY(!astro::productFromName(QStringLiteral("software"), &p));
        QVERIFY(!astro::productFromName(QString(), &p));
        QCOMPARE(p, Product::Apc); // unchanged on failure
    }
    void rejects_data()
    {
        QTest::addColumn<QString>("input");
        QTest::newRow("space") << "astro nomer.io";
        QTest::newRow("path") << "astronomer.io/evil";
        QTest::newRow("userinfo") << "user@astronomer.io";
        QTest::newRow("port on remote") << "astronomer.io:443";
        QTest::newRow("bad port") << "localhost:99999";
        QTest::newRow("zero port") << "localhost:0";
        QTest::newRow("query") << "astronomer.io?x=1";
        QTest::newRow("leading dash") << "-astronomer.io";
    }
    void rejects()
    {
        QFETCH(QString, input);
        Domain d;
        QString why;
        QVERIFY(!Domain::parse(input, &d, &why));
        QVERIFY(why.startsWith(QStringLiteral("Invalid")) || why.contains(QStringLiteral("port")));
        QVERIFY2(!why.contains(QStringLiteral("Error")), qPrintable(why)); // fail() adds "Error: "
    }
};

QTEST_GUILESS_MAIN(TestDomain)
#include "tst_domain.moc"
