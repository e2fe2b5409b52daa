#include "core/Domain.h"

#include <QTest>

using astro::Domain;

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
