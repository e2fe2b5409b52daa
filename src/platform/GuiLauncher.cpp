#include "GuiLauncher.h"

#include "HandOver.h"
#include "Headless.h"
#include "Terminal.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <cstdio>

#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#endif

namespace astro::platform {

bool wantsGui(const QStringList& args, const QProcessEnvironment& env, bool stdinTty,
              bool stdoutTty)
{
    QStringList rest = args;
    if (rest.value(0) == QLatin1String("auth"))
        rest.removeFirst();
    const bool isLogin = rest.value(0) == QLatin1String("login");
    if (!args.isEmpty() && !isLogin)
        return false;
    // An explicit --gui is the login command's (its help and usage errors come first).
    static const QStringList otherWays{QStringLiteral("-t"),
                                       QStringLiteral("--token-login"),
                                       QStringLiteral("-l"),
                                       QStringLiteral("--login-link"),
                                       QStringLiteral("--device-code"),
                                       QStringLiteral("--no-browser"),
                                       QStringLiteral("--apc"), // the window logs in to Astro only
                                       QStringLiteral("-o"),
                                       QStringLiteral("--oauth"),
                                       QStringLiteral("-h"),
                                       QStringLiteral("--help"),
                                       QStringLiteral("--gui")};
    for (const QString& a : rest) {
        if (otherWays.contains(a) || a.startsWith(QLatin1String("--token-login=")))
            return false;
    }
    if (stdinTty || stdoutTty)
        return false;
    // A display, and nothing that says "no human here".
    MachineFacts facts;
    if (!displayAvailable(env, nullptr))
        return false;
    QProcessEnvironment withoutBrowser = env;
    withoutBrowser.remove(QStringLiteral("BROWSER"));
    facts.os = MachineFacts::probe(env).os;
    return !detectHeadless(withoutBrowser, facts).headless;
}

bool displayAvailable(const QProcessEnvironment& env, QString* why)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    // QT_QPA_PLATFORM names a platform plugin that needs none (offscreen, vnc…).
    if (env.value(QStringLiteral("DISPLAY")).isEmpty() &&
        env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty() &&
        env.value(QStringLiteral("QT_QPA_PLATFORM")).isEmpty()) {
        if (why)
            *why = QCoreApplication::translate("GuiLauncher",
                                               "neither DISPLAY nor WAYLAND_DISPLAY is set");
        return false;
    }
#else
    Q_UNUSED(env);
    Q_UNUSED(why);
#endif
    return true;
}

#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
namespace {

// Connects to `address` within 500 ms; true when it accepted.
bool connects(int family, const sockaddr* address, socklen_t length)
{
    const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    bool ok = ::connect(fd, address, length) == 0;
    if (!ok && errno == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        int error = 0;
        socklen_t size = sizeof error;
        ok = ::poll(&p, 1, 500) == 1 &&
             ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0;
    }
    ::close(fd);
    return ok;
}

// A Unix socket at `path`; `abstract` for Linux's abstract namespace (where X servers listen
// too, with the same name).
bool connectsToUnixSocket(const QByteArray& path, bool abstract)
{
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const int offset = abstract ? 1 : 0;
    if (path.isEmpty() || path.size() + offset >= int(sizeof address.sun_path))
        return false;
    std::memcpy(address.sun_path + offset, path.constData(), size_t(path.size()));
    const socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) +
                                       size_t(offset + path.size()) + (abstract ? 0 : 1));
    return connects(AF_UNIX, reinterpret_cast<const sockaddr*>(&address), length);
}

bool connectsToTcp(const QByteArray& host, int port)
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.constData(), QByteArray::number(port).constData(), &hints, &found) != 0)
        return false;
    bool ok = false;
    for (addrinfo* a = found; a && !ok; a = a->ai_next)
        ok = connects(a->ai_family, a->ai_addr, a->ai_addrlen);
    ::freeaddrinfo(found);
    return ok;
}

// DISPLAY is [host]:number[.screen]: a local server listens on /tmp/.X11-unix/X<number>, a
// remote one (SSH's forwarding: localhost:10.0) on TCP port 6000 + number.
bool xServerAnswers(const QString& display)
{
    const qsizetype colon = display.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    const QString host = display.left(colon);
    bool ok = false;
    const int number = display.mid(colon + 1).section(QLatin1Char('.'), 0, 0).toInt(&ok);
    if (!ok || number < 0 || number > 63535)
        return false;
    if (host.isEmpty() || host == QLatin1String("unix")) {
        const QByteArray path = "/tmp/.X11-unix/X" + QByteArray::number(number);
        return connectsToUnixSocket(path, true) || connectsToUnixSocket(path, false);
    }
    return connectsToTcp(host.toLocal8Bit(), 6000 + number);
}

bool waylandAnswers(const QProcessEnvironment& env)
{
    const QString name = env.value(QStringLiteral("WAYLAND_DISPLAY"));
    const QString path =
        name.startsWith(QLatin1Char('/'))
            ? name
            : env.value(QStringLiteral("XDG_RUNTIME_DIR")) + QLatin1Char('/') + name;
    return connectsToUnixSocket(QFile::encodeName(path), false);
}

} // namespace
#endif

bool displayReachable(const QProcessEnvironment& env, QString* why)
{
    if (!displayAvailable(env, why))
        return false;
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    const QString platform =
        env.value(QStringLiteral("QT_QPA_PLATFORM")).section(QLatin1Char(':'), 0, 0);
    const bool wantsX = platform.isEmpty() || platform == QLatin1String("xcb");
    const bool wantsWayland = platform.isEmpty() || platform.startsWith(QLatin1String("wayland"));
    if (!wantsX && !wantsWayland)
        return true; // offscreen, vnc, eglfs...: no display server to ask
    const QString display = env.value(QStringLiteral("DISPLAY"));
    const QString wayland = env.value(QStringLiteral("WAYLAND_DISPLAY"));
    if (wantsWayland && !wayland.isEmpty() && waylandAnswers(env))
        return true;
    if (wantsX && !display.isEmpty() && xServerAnswers(display))
        return true;
    if (why) {
        if (wantsX && !display.isEmpty())
            *why = QCoreApplication::translate("GuiLauncher", "the X display %1 does not answer")
                       .arg(display.left(80));
        else if (!wayland.isEmpty())
            *why =
                QCoreApplication::translate("GuiLauncher", "the Wayland display %1 does not answer")
                    .arg(wayland.left(80));
        else
            *why = QCoreApplication::translate("GuiLauncher",
                                               "QT_QPA_PLATFORM=%1 needs a display that is not set")
                       .arg(platform.left(40));
    }
    return false;
#else
    return true;
#endif
}

int runLoginWindow(const QStringList& loginArgs)
{
    // astro-network runs this from libexec/astro-auth/; astro-gui is installed in bin/.
    const QString gui = companionProgram(QStringLiteral("astro-gui"));
    if (gui.isEmpty()) {
        std::fputs(QCoreApplication::translate(
                       "GuiLauncher", "Error: the login window (astro-gui) is not installed with "
                                      "this astro. Run 'astro login' in a terminal instead.\n")
                       .toLocal8Bit()
                       .constData(),
                   stderr);
        return 1;
    }
    QStringList rest = loginArgs;
    rest.removeAll(QStringLiteral("--gui"));
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.setInputChannelMode(QProcess::ForwardedInputChannel);
    p.start(gui, rest);
    if (!p.waitForStarted(10000)) {
        std::fputs(QCoreApplication::translate(
                       "GuiLauncher", "Error: could not start the login window (astro-gui).\n")
                       .toLocal8Bit()
                       .constData(),
                   stderr);
        return 1;
    }
    p.waitForFinished(-1);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : 1;
}

bool launchGuiIfWanted(const QStringList& args, const QProcessEnvironment& env, int* exitCode)
{
    if (!wantsGui(args, env, stdinIsTerminal(), stdoutIsTerminal()) ||
        !displayReachable(env, nullptr))
        return false;
    QStringList rest = args;
    if (rest.value(0) == QLatin1String("auth"))
        rest.removeFirst();
    if (rest.value(0) == QLatin1String("login"))
        rest.removeFirst();
    *exitCode = runLoginWindow(rest);
    return true;
}

} // namespace astro::platform
