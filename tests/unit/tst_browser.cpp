// The browser hand-off page (issue 9 §5): the URL reaches the browser through a private
// file, never argv.
#include "platform/Browser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace astro;
using platform::BrowserHandoff;

class TestBrowser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void page()
    {
        const QUrl url(QStringLiteral(
            "http://127.0.0.1:5/authorize?a=1&state=s%22x&code_challenge=c&q=%3Cscript%3E"));
        const QString html = QString::fromUtf8(BrowserHandoff::page(url));
        QVERIFY2(html.contains(QStringLiteral(
                     "content=\"0;url=http://127.0.0.1:5/authorize?a=1&amp;state=s%22x&amp;"
                     "code_challenge=c&amp;q=%3Cscript%3E\"")),
                 qPrintable(html));
        QVERIFY(html.contains(
            QStringLiteral("location.replace(\"http://127.0.0.1:5/"
                           "authorize?a=1&state=s%22x&code_challenge=c&q=%3Cscript%3E\")")));
        QVERIFY(html.contains(QStringLiteral("no-referrer")));
    }
    void privateFileRemovedAfterwards()
    {
        QString path;
        {
            BrowserHandoff handoff;
            path = handoff.write(QUrl(QStringLiteral("https://example.com/a?state=s")));
            QVERIFY(!path.isEmpty());
            QVERIFY(QFileInfo(path).isAbsolute());
            const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                QFileDevice::WriteOther | QFileDevice::ExeOther;
            QCOMPARE(QFile::permissions(path) & (others | QFileDevice::ExeOwner), 0);
            QVERIFY(QFile::permissions(path) & QFileDevice::ReadOwner);
            const QString dir = QFileInfo(path).absolutePath();
            QCOMPARE(QFile::permissions(dir) & others, 0);
            // Written again (the login window's "Open browser again"): same place, new page.
            QCOMPARE(handoff.write(QUrl(QStringLiteral("https://example.com/b"))), path);
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(f.readAll().contains("https://example.com/b"));
        }
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QDir(QFileInfo(path).absolutePath()).exists());
    }
    void unsafeUrlsAreNotOpened()
    {
        BrowserHandoff handoff;
        QString how;
        QProcessEnvironment env;
        env.insert(QStringLiteral("BROWSER"), QStringLiteral("/bin/true"));
        QVERIFY(!platform::openBrowser(QUrl(QStringLiteral("http://example.com/")), env, {},
                                       &handoff, &how));
        QVERIFY(!platform::openBrowser(QUrl(QStringLiteral("file:///etc/passwd")), env, {},
                                       &handoff, &how));
        QVERIFY(platform::openBrowser(QUrl(QStringLiteral("https://example.com/")), env, {},
                                      &handoff, &how));
        env.insert(QStringLiteral("BROWSER"), QStringLiteral("/bin/false"));
        QVERIFY(!platform::openBrowser(QUrl(QStringLiteral("https://example.com/")), env, {},
                                       &handoff, &how));
        env.insert(QStringLiteral("BROWSER"), QStringLiteral("/bin/false:/bin/true"));
        QVERIFY(platform::openBrowser(QUrl(QStringLiteral("https://example.com/")), env, {},
                                      &handoff, &how));
        QCOMPARE(how, QStringLiteral("$BROWSER (/bin/true)"));
    }
};

QTEST_GUILESS_MAIN(TestBrowser)
#include "tst_browser.moc"
