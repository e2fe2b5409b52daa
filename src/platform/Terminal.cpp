#include "Terminal.h"

#include <QCoreApplication>
#include <QFile>
#include <cstdio>
#include <iostream>
#include <string>

#ifdef Q_OS_WIN
#include <io.h>
#include <windows.h>
#define astro_isatty _isatty
#else
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <langinfo.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>
#define astro_isatty isatty
#endif

namespace astro::platform {

bool terminalShowsUnicode()
{
    if (qgetenv("TERM") == "dumb")
        return false;
#ifdef Q_OS_WIN
    return GetConsoleOutputCP() == CP_UTF8;
#else
    // The user's locale as the environment names it (LC_ALL, else LC_CTYPE, else LANG): Qt
    // 6.8 switches a process in the C locale to C.UTF-8 itself, so nl_langinfo() would say
    // UTF-8 for a terminal that is not.
    QByteArray locale = qgetenv("LC_ALL");
    if (locale.isEmpty())
        locale = qgetenv("LC_CTYPE");
    if (locale.isEmpty())
        locale = qgetenv("LANG");
    if (!locale.isEmpty()) {
        const QByteArray l = locale.toLower();
        return l.contains("utf-8") || l.contains("utf8");
    }
    const char* charset = nl_langinfo(CODESET);
    return charset && (strcasecmp(charset, "UTF-8") == 0 || strcasecmp(charset, "utf8") == 0);
#endif
}

void prepareStandardStreams()
{
#ifndef Q_OS_WIN
    std::signal(SIGPIPE, SIG_IGN);
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        const int n = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (n >= 0 && n != fd) {
            ::dup2(n, fd); // dup2 clears O_CLOEXEC on fd
            ::close(n);
        } else if (n == fd) {
            ::fcntl(fd, F_SETFD, 0);
        }
    }
#endif
}

bool stdinIsTerminal()
{
    return astro_isatty(0) != 0;
}
bool stdoutIsTerminal()
{
    return astro_isatty(1) != 0;
}
bool stderrIsTerminal()
{
    return astro_isatty(2) != 0;
}

bool readStdinLine(QString* out)
{
    std::string line;
    if (!std::getline(std::cin, line))
        return false;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    *out = QString::fromStdString(line);
    return true;
}

#ifdef Q_OS_WIN
EchoOff::EchoOff()
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    if (in == INVALID_HANDLE_VALUE || !GetConsoleMode(in, &mode))
        return;
    m_saved = mode;
    m_active = SetConsoleMode(in, mode & ~DWORD(ENABLE_ECHO_INPUT)) != 0;
}

EchoOff::~EchoOff()
{
    if (!m_active)
        return;
    SetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), DWORD(m_saved));
    // The console echoes nothing, not even the Enter (POSIX terminals have ECHONL for it).
    std::fputs("\n", stderr);
}
#else
static struct termios g_savedTermios;

EchoOff::EchoOff()
{
    struct termios t;
    if (!::isatty(0) || ::tcgetattr(0, &t) != 0)
        return;
    g_savedTermios = t;
    t.c_lflag &= ~tcflag_t(ECHO);
    t.c_lflag |= ECHONL; // the Enter still moves to the next line
    m_active = ::tcsetattr(0, TCSAFLUSH, &t) == 0;
}

EchoOff::~EchoOff()
{
    if (m_active)
        ::tcsetattr(0, TCSANOW, &g_savedTermios);
}
#endif

QString readStdinAll(qint64 maxBytes)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(in.read(maxBytes));
}

QString keychainDisplayName()
{
#if defined(Q_OS_MACOS)
    return QCoreApplication::translate("Terminal", "macOS Keychain");
#elif defined(Q_OS_WIN)
    return QCoreApplication::translate("Terminal", "Windows Credential Manager");
#else
    return QCoreApplication::translate("Terminal", "Secret Service keychain");
#endif
}

} // namespace astro::platform
