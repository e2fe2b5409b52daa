#include "Interrupt.h"

#include <QCoreApplication>
#include <QPointer>
#include <cstring>

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

// The message of exitWithMessageOnInterrupt(), copied where a signal handler can read it.
static char g_message[512];
static size_t g_messageSize = 0;

static void prepareInterruptMessage()
{
    const QByteArray text =
        QCoreApplication::translate("Interrupt", "Interrupted; astro stopped.\n").toUtf8();
    g_messageSize = qMin(size_t(text.size()), sizeof g_message);
    memcpy(g_message, text.constData(), g_messageSize);
}

#ifdef Q_OS_WIN
void exitWithMessageOnInterrupt()
{
    prepareInterruptMessage();
    // Windows ends a console process on Ctrl-C with STATUS_CONTROL_C_EXIT; the login's waits
    // (InterruptWatcher) handle it themselves.
}

static QPointer<InterruptWatcher> g_watcher;
static BOOL WINAPI consoleHandler(DWORD)
{
    if (g_watcher)
        QMetaObject::invokeMethod(
            g_watcher.data(),
            [] {
                if (g_watcher)
                    Q_EMIT g_watcher->interrupted(130);
            },
            Qt::QueuedConnection);
    return TRUE;
}

InterruptWatcher::InterruptWatcher(QObject* parent) : InterruptSource(parent)
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
static void exitOnSignal(int sig)
{
    [[maybe_unused]] const ssize_t n = ::write(2, g_message, g_messageSize);
    ::_exit(sig == SIGTERM ? 143 : 130);
}

void exitWithMessageOnInterrupt()
{
    prepareInterruptMessage();
    struct sigaction sa = {};
    sa.sa_handler = exitOnSignal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
}

static int g_pipe[2] = {-1, -1};
static struct sigaction g_previousInt, g_previousTerm;

static void onSignal(int sig)
{
    const char c = sig == SIGTERM ? char(143) : char(130);
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &c, 1);
}

InterruptWatcher::InterruptWatcher(QObject* parent) : InterruptSource(parent)
{
    if (::pipe(g_pipe) != 0)
        return;
    ::fcntl(g_pipe[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(g_pipe[1], F_SETFD, FD_CLOEXEC);
    ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    auto* notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this] {
        unsigned char buf[16];
        const ssize_t n = ::read(g_pipe[0], buf, sizeof buf);
        if (n > 0)
            Q_EMIT interrupted(int(buf[0]));
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, &g_previousInt);
    ::sigaction(SIGTERM, &sa, &g_previousTerm);
}

InterruptWatcher::~InterruptWatcher()
{
    ::sigaction(SIGINT, &g_previousInt, nullptr);
    ::sigaction(SIGTERM, &g_previousTerm, nullptr);
    if (g_pipe[0] >= 0) {
        ::close(g_pipe[0]);
        ::close(g_pipe[1]);
        g_pipe[0] = g_pipe[1] = -1;
    }
}
#endif

} // namespace astro::platform
