// The login window, driven by QTest against the local server (tests/server): the browser
// is the scripted one, then a pasted token. Set ASTRO_SCREENSHOT_DIR to keep a
// screenshot of the window (the Xvfb run in CTest does).
#include "fakes/CommandHarness.h"
#include "gui/LoginWindow.h"
#include "platform/Browser.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace astro;

class TestGui : public QObject
{
    Q_OBJECT
private:
    QProcess m_server;
    QString m_url;
    QTemporaryDir m_dir;

    struct Harness : CommandHarness<>
    {
        QNetworkAccessManager nam;
        explicit Harness(const QString& home, const QString& browser)
            : CommandHarness({}, home + QStringLiteral("/.astro/config.yaml"))
        {
            s.now = [] { return QDateTime::currentDateTimeUtc(); }; // the server's tokens are real
            s.network = [this] { return &nam; };
            s.env = QProcessEnvironment::systemEnvironment();
            s.env.insert(QStringLiteral("BROWSER"), browser);
            // The real browser seam: $BROWSER is the scripted browser.
            s.openBrowser = [this](const QUrl& url, std::shared_ptr<void>* keep) {
                auto handoff = std::make_shared<platform::BrowserHandoff>();
                QString how;
                const bool ok = platform::openBrowser(url, s.env, {}, handoff.get(), &how);
                *keep = handoff;
                return ok;
            };
        }
    };

    QString mintToken()
    {
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(m_url + QStringLiteral("/__test/token")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* r =
            nam.post(req, QByteArrayLiteral("{\"email\":\"many@astro.test\",\"ttl\":3600}"));
        QElapsedTimer t;
        t.start();
        while (!r->isFinished() && t.elapsed() < 10000)
            QTest::qWait(20);
        const QString token = QJsonDocument::fromJson(r->readAll())
                                  .object()
                                  .value(QStringLiteral("access_token"))
                                  .toString();
        r->deleteLater();
        return token;
    }

    bool postConfig(const QByteArray& json)
    {
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(m_url + QStringLiteral("/__test/config")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* r = nam.post(req, json);
        QElapsedTimer t;
        t.start();
        while (!r->isFinished() && t.elapsed() < 10000)
            QTest::qWait(20);
        const bool ok = r->isFinished() && r->error() == QNetworkReply::NoError;
        r->deleteLater();
        return ok;
    }

    void screenshot(QWidget* w, const QString& name)
    {
        const QString dir = qEnvironmentVariable("ASTRO_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QVERIFY(w->grab().save(QDir(dir).filePath(name)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString portFile = m_dir.filePath(QStringLiteral("url"));
        m_server.setProgram(QStringLiteral("node"));
        m_server.setArguments({QStringLiteral(ASTRO_SOURCE_DIR "/tests/server/server.js"),
                               QStringLiteral("--port"), QStringLiteral("0"),
                               QStringLiteral("--port-file"), portFile});
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.start();
        QVERIFY(m_server.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(portFile), 10000);
        QFile f(portFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_url = QString::fromUtf8(f.readAll()).trimmed();
    }
    void cleanupTestCase()
    {
        m_server.terminate();
        m_server.waitForFinished(5000);
    }
    void browserLogin()
    {
        QTemporaryDir home;
        Harness h(home.path(), QStringLiteral(ASTRO_SOURCE_DIR "/tests/support/curl-browser.sh"));
        Domain domain;
        QVERIFY(Domain::parse(m_url, &domain, nullptr));
        LoginWindow w(h.s, domain, 0);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w) ||
                QGuiApplication::platformName() == QLatin1String("offscreen"));
        w.start();
        QVERIFY(!w.findChild<QLineEdit*>(QStringLiteral("link"))->text().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(w.finished(), 30000);
        QCOMPARE(w.exitCode(), 0);
        QVERIFY2(w.resultText().contains(QStringLiteral("one@astro.test")),
                 qPrintable(w.resultText()));
        QVERIFY(w.resultText().contains(QStringLiteral("Org One")));
        QVERIFY(w.resultText().contains(QStringLiteral("Workspace One")));
        QVERIFY(h.store.items.contains(domain.name()));
        QVERIFY(h.store.items.value(domain.name()).canRefresh());
        screenshot(&w, QStringLiteral("login-window.png"));
    }
    void pastedToken()
    {
        QTemporaryDir home;
        Harness h(home.path(), QStringLiteral("/bin/true"));
        Domain domain;
        QVERIFY(Domain::parse(m_url, &domain, nullptr));
        LoginWindow w(h.s, domain, 0);
        w.show();
        w.start();
        auto* paste = w.findChild<QLineEdit*>(QStringLiteral("paste"));
        QTest::keyClicks(paste, QStringLiteral("not a token"));
        QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("pasteButton")), Qt::LeftButton);
        QVERIFY(!w.finished());
        // A JWT the server rejects: explained, and the login keeps waiting.
        paste->setText(QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"));
        QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("pasteButton")), Qt::LeftButton);
        QVERIFY(!w.finished());
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("status"))
                    ->text()
                    .contains(QStringLiteral("The token was rejected")));
        const QString token = mintToken();
        QVERIFY(!token.isEmpty());
        paste->setText(token);
        QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("pasteButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.finished(), 20000);
        QCOMPARE(w.exitCode(), 0);
        QVERIFY(w.resultText().contains(QStringLiteral("many@astro.test")));
        QCOMPARE(h.store.items.value(domain.name()).accessToken, token);
    }
    // Issue 9 §1: names from the server are shown as plain text, without control characters.
    void hostileNamesArePlainText()
    {
        QVERIFY(postConfig(QByteArrayLiteral(
            "{\"displayText\":{\"organization\":\"<b>Org</b>\\u001b]0;PWNED\\u0007\",\"email\":"
            "\"<img src=x>\\u001b[2J@astro.test\"}}")));
        QTemporaryDir home;
        Harness h(home.path(), QStringLiteral("/bin/true"));
        Domain domain;
        QVERIFY(Domain::parse(m_url, &domain, nullptr));
        LoginWindow w(h.s, domain, 0);
        w.show();
        w.start();
        w.findChild<QLineEdit*>(QStringLiteral("paste"))->setText(mintToken());
        QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("pasteButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.finished(), 20000);
        QVERIFY(postConfig(QByteArrayLiteral("{\"displayText\":{}}")));
        QCOMPARE(w.exitCode(), 0);
        for (const char* name : {"status", "result"})
            QCOMPARE(w.findChild<QLabel*>(QLatin1String(name))->textFormat(), Qt::PlainText);
        QVERIFY2(w.resultText().contains(QStringLiteral("<b>Org</b>")), qPrintable(w.resultText()));
        QVERIFY(w.resultText().contains(QStringLiteral("<img src=x>")));
        QVERIFY(!w.resultText().contains(QChar(0x1b)));
        QVERIFY(!w.resultText().contains(QChar(0x07)));
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
