#include "platform/GuiLauncher.h"
#include "platform/Headless.h"

#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace astro::platform;

class TestHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A display that is set must also answer before a window is tried (Qt would print its
    // own "could not connect to display" and abort).
    void displayReachable_data()
    {
        QTest::addColumn<QString>("display");
        QTest::addColumn<bool>("listen");
        QTest::addColumn<bool>("reachable");
        QTest::newRow("X display nobody serves") << QStringLiteral(":4242") << false << false;
        QTest::newRow("X display over TCP, refused")
            << QStringLiteral("127.0.0.1:4242") << false << false;
        QTest::newRow("X display that listens (abstract socket)")
            << QStringLiteral(":4243.0") << true << true;
        QTest::newRow("not a display") << QStringLiteral("nonsense") << false << false;
    }
    void displayReachable()
    {
        QFETCH(QString, display);
        QFETCH(bool, listen);
        QFETCH(bool, reachable);
        int fd = -1;
        if (listen) { // an X server's abstract socket, @/tmp/.X11-unix/X4243
            fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un a{};
            a.sun_family = AF_UNIX;
            const char name[] = "/tmp/.X11-unix/X4243";
            std::memcpy(a.sun_path + 1, name, sizeof name - 1);
            QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&a),
                            socklen_t(offsetof(sockaddr_un, sun_path) + sizeof name)),
                     0);
            QCOMPARE(::listen(fd, 1), 0);
        }
        QProcessEnvironment env;
        env.insert(QStringLiteral("DISPLAY"), display);
        QString why;
        QCOMPARE(astro::platform::displayReachable(env, &why), reachable);
        if (!reachable)
            QVERIFY2(why.contains(display), qPrintable(why));
        if (fd >= 0)
            ::close(fd);
    }
    void waylandAndOffscreen()
    {
        QTemporaryDir dir;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.path());
        env.insert(QStringLiteral("WAYLAND_DISPLAY"), QStringLiteral("wayland-7"));
        QString why;
        QVERIFY(!astro::platform::displayReachable(env, &why));
        QVERIFY2(why.contains(QStringLiteral("wayland-7")), qPrintable(why));
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        const QByteArray path = dir.filePath(QStringLiteral("wayland-7")).toLocal8Bit();
        std::memcpy(a.sun_path, path.constData(), size_t(path.size()));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        QCOMPARE(::listen(fd, 1), 0);
        QVERIFY(astro::platform::displayReachable(env, &why));
        ::close(fd);
        QProcessEnvironment offscreen;
        offscreen.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QVERIFY(astro::platform::displayReachable(offscreen, &why));
    }
    void matrix_data()
    {
        QTest::addColumn<QStringList>("vars");
        QTest::addColumn<int>("os");
        QTest::addColumn<bool>("container");
        QTest::addColumn<bool>("wsl");
        QTest::addColumn<bool>("wslBrowser");
        QTest::addColumn<bool>("headless");
        QTest::addColumn<QString>("reason");
        const int linux_ = int(MachineFacts::Os::Linux), mac = int(MachineFacts::Os::MacOS),
                  win = int(MachineFacts::Os::Windows);
        QTest::newRow("linux desktop X11")
            << QStringList{"DISPLAY=:0"} << linux_ << false << false << false << false << "";
        QTest::newRow("linux desktop Wayland") << QStringList{"WAYLAND_DISPLAY=wayland-0"} << linux_
                                               << false << false << false << false << "";
        QTest::newRow("linux no display")
            << QStringList{} << linux_ << false << false << false << true << "no display";
        QTest::newRow("ssh with X forwarding")
            << QStringList{"DISPLAY=localhost:10", "SSH_CONNECTION=1 2 3 4"} << linux_ << false
            << false << false << true << "SSH";
        QTest::newRow("ssh tty only") << QStringList{"SSH_TTY=/dev/pts/1", "DISPLAY=:0"} << linux_
                                      << false << false << false << true << "SSH";
        QTest::newRow("macOS local")
            << QStringList{} << mac << false << false << false << false << "";
        QTest::newRow("macOS over ssh")
            << QStringList{"SSH_CLIENT=1 2 3"} << mac << false << false << false << true << "SSH";
        QTest::newRow("windows local")
            << QStringList{} << win << false << false << false << false << "";
        QTest::newRow("windows over ssh") << QStringList{"SSH_CONNECTION=1 2 3 4"} << win << false
                                          << false << false << true << "SSH";
        QTest::newRow("container with display")
            << QStringList{"DISPLAY=:0"} << linux_ << true << false << false << true << "container";
        QTest::newRow("ci true") << QStringList{"CI=true", "DISPLAY=:0"} << linux_ << false << false
                                 << false << true << "CI";
        QTest::newRow("ci false") << QStringList{"CI=false", "DISPLAY=:0"} << linux_ << false
                                  << false << false << false << "";
        QTest::newRow("github actions") << QStringList{"GITHUB_ACTIONS=true", "DISPLAY=:0"}
                                        << linux_ << false << false << false << true << "CI";
        QTest::newRow("wsl without wslview")
            << QStringList{} << linux_ << false << true << false << true << "WSL";
        QTest::newRow("wsl with wslview")
            << QStringList{} << linux_ << false << true << true << false << "";
        QTest::newRow("BROWSER wins over ssh") << QStringList{"BROWSER=w3m", "SSH_TTY=/dev/pts/1"}
                                               << linux_ << false << false << false << false << "";
        QTest::newRow("BROWSER wins over CI") << QStringList{"BROWSER=/x/chromium.sh", "CI=true"}
                                              << linux_ << true << false << false << false << "";
        QTest::newRow("empty BROWSER does not count")
            << QStringList{"BROWSER="} << linux_ << false << false << false << true << "no display";
    }
    void matrix()
    {
        QFETCH(QStringList, vars);
        QFETCH(int, os);
        QFETCH(bool, container);
        QFETCH(bool, wsl);
        QFETCH(bool, wslBrowser);
        QFETCH(bool, headless);
        QFETCH(QString, reason);
        QProcessEnvironment env;
        for (const QString& v : vars)
            env.insert(v.section(QLatin1Char('='), 0, 0), v.section(QLatin1Char('='), 1));
        MachineFacts f;
        f.os = MachineFacts::Os(os);
        f.inContainer = container;
        f.isWsl = wsl;
        f.wslCanOpenBrowser = wslBrowser;
        const HeadlessVerdict v = detectHeadless(env, f);
        QCOMPARE(v.headless, headless);
        if (headless)
            QVERIFY2(v.reason.contains(reason), qPrintable(v.reason));
        else
            QVERIFY(v.reason.isEmpty());
    }
    void guiOnlyWhenWanted_data()
    {
        QTest::addColumn<QString>("args");
        QTest::addColumn<QStringList>("vars");
        QTest::addColumn<bool>("tty");
        QTest::addColumn<bool>("gui");
        const QStringList desktop{"DISPLAY=:0"};
        // An explicit --gui is the login command's: its help and usage errors come first.
        QTest::newRow("--gui is the command's") << "auth login --gui" << desktop << false << false;
        QTest::newRow("--gui on the shortcut")
            << "login --gui example.io" << desktop << true << false;
        QTest::newRow("from the desktop, no args") << "" << desktop << false << true;
        QTest::newRow("from the desktop, login") << "login" << desktop << false << true;
        QTest::newRow("from a terminal") << "login" << desktop << true << false;
        QTest::newRow("no display") << "login" << QStringList{} << false << false;
        QTest::newRow("token login from a script") << "login -t @f" << desktop << false << false;
        QTest::newRow("login link") << "auth login --login-link" << desktop << false << false;
        QTest::newRow("other command") << "auth token" << desktop << false << false;
        QTest::newRow("ssh with X forwarding")
            << "login" << QStringList{"DISPLAY=:10", "SSH_CONNECTION=1 2 3 4"} << false << false;
        QTest::newRow("ci") << "login" << QStringList{"DISPLAY=:0", "CI=true"} << false << false;
    }
    void guiOnlyWhenWanted()
    {
        QFETCH(QString, args);
        QFETCH(QStringList, vars);
        QFETCH(bool, tty);
        QFETCH(bool, gui);
        QProcessEnvironment env;
        for (const QString& v : vars)
            env.insert(v.section(QLatin1Char('='), 0, 0), v.section(QLatin1Char('='), 1));
        QCOMPARE(wantsGui(args.split(QLatin1Char(' '), Qt::SkipEmptyParts), env, tty, tty), gui);
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
