// Console: what a server or a file supplies reaches the terminal without control
// characters (issue 9 §1), and a failed write is reported (issue 9 §3).
#include "cli/Console.h"
#include "core/DisplayText.h"
#include "core/Redact.h"

#include <QBuffer>
#include <QTest>

using namespace astro;

namespace {
// A device whose writes fail (as stdout on /dev/full or a closed pipe).
class FullDevice : public QIODevice
{
public:
    FullDevice() { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char*, qint64) override
    {
        setErrorString(QStringLiteral("No space left on device"));
        return -1;
    }
};
} // namespace

class TestConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Qt's own log lines (kept for the debug log) never carry a token.
    void redactSecretsInLogLines_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("secret");
        QTest::newRow("jwt")
            << "QNetworkReply: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c3ItMSJ9.c2lnbmF0dXJl x"
            << "eyJzdWIiOiJ1c3ItMSJ9";
        QTest::newRow("bearer") << "Authorization: Bearer opaque-token-1234"
                                << "opaque-token-1234";
        QTest::newRow("query") << "GET /cb?code=abc123def&state=s3cr3t"
                               << "abc123def";
        QTest::newRow("json") << R"({"refresh_token": "rt-0123456789", "x": 1})"
                              << "rt-0123456789";
        QTest::newRow("form") << "grant_type=refresh_token&refresh_token=rt-987&client_id=a"
                              << "rt-987";
    }
    void redactSecretsInLogLines()
    {
        QFETCH(QString, line);
        QFETCH(QString, secret);
        const QString out = redactSecrets(line);
        QVERIFY2(!out.contains(secret), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("REDACTED")), qPrintable(out));
    }
    void redactSecretsKeepsOrdinaryText()
    {
        const QString line =
            QStringLiteral("QIODevice::read (QNetworkReplyHttpImpl): device not open");
        QCOMPARE(redactSecrets(line), line);
    }
    void sanitizes_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("shown");
        const QString r = QString(QChar(0xFFFD));
        QTest::newRow("plain") << "Org One\n\tWorkspace"
                               << "Org One\n\tWorkspace";
        QTest::newRow("osc title and clear screen")
            << QStringLiteral("\x1b]0;PWNED\x07\x1b[2J") << r + "]0;PWNED" + r + r + "[2J";
        QTest::newRow("carriage return") << "a\rb"
                                         << "a" + r + "b";
        QTest::newRow("backspace, NUL, DEL")
            << QString::fromLatin1("a\bb\x7f", 4) + QChar(0) << "a" + r + "b" + r + r;
        QTest::newRow("C1 CSI") << QString(QChar(0x9b)) + "31m" << r + "31m";
        QTest::newRow("C1 range ends")
            << QString(QChar(0x80)) + QChar(0x9f) + QChar(0xa0) << r + r + QChar(0xa0);
        QTest::newRow("bidi override")
            << QString(QChar(0x202e)) + "gpj.exe" + QChar(0x2066) + QChar(0x2069)
            << r + "gpj.exe" + r + r;
        QTest::newRow("other unicode kept")
            << QString::fromUtf8("Zürich 🚀 █▀ 日本") << QString::fromUtf8("Zürich 🚀 █▀ 日本");
    }
    void sanitizes()
    {
        QFETCH(QString, in);
        QFETCH(QString, shown);
        QCOMPARE(displaySafe(in), shown);

        QBuffer out, err;
        out.open(QIODevice::WriteOnly);
        err.open(QIODevice::WriteOnly);
        Console console(&out, &err, Console::Input{});
        QVERIFY(console.out(in));
        QVERIFY(console.err(in));
        QCOMPARE(QString::fromUtf8(out.data()), shown);
        QCOMPARE(QString::fromUtf8(err.data()), shown);
    }
    void noEscapeByteEverReachesTheDevice()
    {
        QString all;
        for (int c = 0; c < 0x300; ++c)
            all += QChar(c);
        QBuffer out, err;
        out.open(QIODevice::WriteOnly);
        err.open(QIODevice::WriteOnly);
        Console console(&out, &err, Console::Input{});
        console.out(all);
        QVERIFY(!out.data().contains('\x1b'));
        QVERIFY(!out.data().contains('\x07'));
        QVERIFY(!out.data().contains('\r'));
        QVERIFY(!out.data().contains("\xc2\x9b")); // U+009B in UTF-8
    }
    void reportsAFailedWrite()
    {
        FullDevice full;
        QBuffer err;
        err.open(QIODevice::WriteOnly);
        Console console(&full, &err, Console::Input{});
        QVERIFY(!console.out(QStringLiteral("token\n")));
        QVERIFY(!console.outError().isEmpty());
        QBuffer ok;
        ok.open(QIODevice::WriteOnly);
        Console good(&ok, &err, Console::Input{});
        QVERIFY(good.out(QStringLiteral("token\n")));
        QVERIFY(good.outError().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestConsole)
#include "tst_console.moc"
