#include "Browser.h"

#include "Exec.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#ifndef Q_OS_WIN
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#endif

namespace astro::platform {

bool isSafeToOpen(const QUrl& url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (url.scheme() == QLatin1String("https"))
        return true;
    const QString h = url.host();
    return url.scheme() == QLatin1String("http") &&
           (h == QLatin1String("localhost") || h == QLatin1String("127.0.0.1") ||
            h == QLatin1String("::1"));
}

BrowserHandoff::BrowserHandoff() = default;
BrowserHandoff::~BrowserHandoff() = default; // QTemporaryDir removes the page and its directory

QByteArray BrowserHandoff::page(const QUrl& url)
{
    const QString encoded = url.toString(QUrl::FullyEncoded);
    QString js = encoded;
    js.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""))
        .replace(QLatin1Char('<'), QLatin1String("\\x3c"));
    const QString attr = encoded.toHtmlEscaped();
    return QStringLiteral(
               "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
               "<meta name=\"referrer\" content=\"no-referrer\">"
               "<meta http-equiv=\"refresh\" content=\"0;url=%1\">"
               "<title>Astro login</title></head>\n<body><script>location.replace(\"%2\");"
               "</script><p><a href=\"%1\">Astro login</a></p></body></html>\n")
        .arg(attr, js)
        .toUtf8();
}

QString BrowserHandoff::write(const QUrl& url)
{
    if (!m_dir) {
        // $XDG_RUNTIME_DIR is the user's own 0700 tmpfs where there is one (read directly:
        // QStandardPaths would invent and announce a fallback).
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        const QString base =
            !runtime.isEmpty() && QDir(runtime).exists() ? runtime : QDir::tempPath();
        auto dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/astro-login-XXXXXX"));
        if (!dir->isValid()) // mkdtemp: mode 0700
            return QString();
        m_dir = std::move(dir);
    }
    const QString path = m_dir->filePath(QStringLiteral("login.html"));
    QFile::remove(path);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return QString();
    const QByteArray html = page(url);
    if (f.write(html) != html.size() || !f.flush()) {
        f.remove();
        return QString();
    }
    return QFileInfo(path).absoluteFilePath();
}

namespace {

constexpr int kOpenerWaitMs = 2500;

// Starts `program` with `args` (stdin /dev/null, our environment minus any secret) and
// waits up to kOpenerWaitMs for it, with the event loop running (a listener keeps
// serving). True when it exited with status 0, or is still running then.
bool runOpener(const QString& program, const QStringList& args)
{
    QString exe = QStandardPaths::findExecutable(program);
    if (exe.isEmpty() && QFileInfo(program).isExecutable() && !QFileInfo(program).isDir())
        exe = QFileInfo(program).absoluteFilePath();
    if (exe.isEmpty())
        return false;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("ASTRO_API_TOKEN"));
#ifdef Q_OS_WIN
    // No exit status here: Windows openers (rundll32) hand over and return at once.
    QProcess process;
    process.setProgram(exe);
    process.setArguments(args);
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    return process.startDetached();
#else
    const ExecVectors vectors(QStringList{exe} + args, env);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE); // astro ignores it; the browser must not inherit that
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    const int rc =
        posix_spawn(&pid, vectors.argv()[0], &actions, &attr, vectors.argv(), vectors.envp());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        return false;

    QElapsedTimer elapsed;
    elapsed.start();
    QEventLoop loop;
    QTimer poll;
    int status = 0;
    bool exited = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        pid_t r;
        do {
            r = ::waitpid(pid, &status, WNOHANG);
        } while (r == -1 && errno == EINTR);
        if (r == pid || r == -1) {
            exited = r == pid;
            loop.quit();
        } else if (elapsed.elapsed() >= kOpenerWaitMs) {
            loop.quit(); // still running: a browser that stays open has opened
        }
    });
    poll.start(20);
    loop.exec();
    if (!exited)
        return elapsed.elapsed() >= kOpenerWaitMs;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
#endif
}

} // namespace

bool openBrowser(const QUrl& url, const QProcessEnvironment& env,
                 const std::function<bool(const QUrl&)>& desktopOpener, BrowserHandoff* handoff,
                 QString* how)
{
    if (!isSafeToOpen(url) || !handoff)
        return false;
    const QString page = handoff->write(url);
    if (page.isEmpty())
        return false; // never fall back to the URL on a command line
    const QString browser = env.value(QStringLiteral("BROWSER"));
    if (!browser.isEmpty()) {
        for (const QString& entry : browser.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
            QStringList parts = QProcess::splitCommand(entry);
            if (parts.isEmpty())
                continue;
            const QString program = parts.takeFirst();
            bool substituted = false;
            for (QString& p : parts) {
                if (p.contains(QLatin1String("%s"))) {
                    p.replace(QLatin1String("%s"), page);
                    substituted = true;
                }
            }
            if (!substituted)
                parts << page;
            if (runOpener(program, parts)) {
                *how = QStringLiteral("$BROWSER (%1)").arg(program);
                return true;
            }
        }
    }
    if (desktopOpener && desktopOpener(QUrl::fromLocalFile(page))) {
        *how = QCoreApplication::translate("Browser", "the desktop");
        return true;
    }
#if defined(Q_OS_MACOS)
    if (runOpener(QStringLiteral("open"), {page})) {
        *how = QStringLiteral("open");
        return true;
    }
#elif defined(Q_OS_WIN)
    if (runOpener(QStringLiteral("rundll32"),
                  {QStringLiteral("url.dll,FileProtocolHandler"), page})) {
        *how = QCoreApplication::translate("Browser", "the default browser");
        return true;
    }
#else
    if (!env.value(QStringLiteral("DISPLAY")).isEmpty() ||
        !env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty()) {
        if (runOpener(QStringLiteral("xdg-open"), {page})) {
            *how = QStringLiteral("xdg-open");
            return true;
        }
    }
#endif
    return false;
}

} // namespace astro::platform
