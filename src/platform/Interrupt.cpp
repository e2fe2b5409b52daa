#include "Interrupt.h"

#include <QPointer>

#ifdef Q_OS_WIN
#include <QMetaObject>
#include <windows.h>
#else
#include <QSocketNotifier>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace astro::platform {

#ifdef Q_OS_WIN
static QPointer<InterruptWatcher> g_watcher;
static BOOL WINAPI consoleHandler(DWORD)
{
    if (g_watcher)
        QMetaObject::invokeMethod(g_watcher.data(), "interrupted", Qt::QueuedConnection);
    return TRUE;
}

InterruptWatcher::InterruptWatcher(QObject* parent) : QObject(parent)
{
    g_watcher = this;
    SetConsoleCtrlHandler(consoleHandler, TRUE);
}

InterruptWatcher::~InterruptWatcher()
{
    SetConsoleCtrlHandler(consoleHandler, FALSE);
    g_watcher = nullptr;
}
#else
static int g_pipe[2] = {-1, -1};

static void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &c, 1);
}

InterruptWatcher::InterruptWatcher(QObject* parent) : QObject(parent)
{
    if (::pipe(g_pipe) != 0)
        return;
    ::fcntl(g_pipe[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(g_pipe[1], F_SETFD, FD_CLOEXEC);
    ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    auto* notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this] {
        char buf[16];
        [[maybe_unused]] const ssize_t n = ::read(g_pipe[0], buf, sizeof buf);
        Q_EMIT interrupted();
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
}

InterruptWatcher::~InterruptWatcher()
{
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    if (g_pipe[0] >= 0) {
        ::close(g_pipe[0]);
        ::close(g_pipe[1]);
        g_pipe[0] = g_pipe[1] = -1;
    }
}
#endif

} // namespace astro::platform
