#include "FileLock.h"

#include <QCoreApplication>
#include <QFile>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#endif
#ifdef Q_OS_LINUX
#include <sys/sysmacros.h>
#endif

namespace astro::platform {
namespace {

QByteArray holderLine()
{
    return QByteArray::number(QCoreApplication::applicationPid()) + ' ' +
           QCoreApplication::applicationName().toUtf8() + '\n';
}

#ifdef Q_OS_WIN
// Locked far past the content, so that readers of the holder line are never blocked.
constexpr DWORD kLockOffsetHigh = 1;

QString lastErrorText()
{
    wchar_t* text = nullptr;
    FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                       FORMAT_MESSAGE_IGNORE_INSERTS,
                   nullptr, GetLastError(), 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
    const QString s = QString::fromWCharArray(text).trimmed();
    LocalFree(text);
    return s;
}
#endif

} // namespace

FileLock::FileLock(QString path) : m_path(std::move(path)) {}

FileLock::~FileLock()
{
    release();
}

#ifdef Q_OS_WIN
FileLock::Result FileLock::tryLock()
{
    if (m_handle != -1)
        return Acquired;
    HANDLE h =
        CreateFileW(reinterpret_cast<const wchar_t*>(m_path.utf16()), GENERIC_READ | GENERIC_WRITE,
                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) {
        m_error = lastErrorText();
        return Failed;
    }
    OVERLAPPED at = {};
    at.OffsetHigh = kLockOffsetHigh;
    if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &at)) {
        const DWORD why = GetLastError();
        if (why == ERROR_LOCK_VIOLATION || why == ERROR_IO_PENDING) {
            CloseHandle(h);
            return Busy;
        }
        m_error = lastErrorText();
        CloseHandle(h);
        return Failed;
    }
    const QByteArray line = holderLine();
    DWORD written = 0;
    if (SetFilePointer(h, 0, nullptr, FILE_BEGIN) == INVALID_SET_FILE_POINTER || !SetEndOfFile(h) ||
        !WriteFile(h, line.constData(), DWORD(line.size()), &written, nullptr) ||
        written != DWORD(line.size()) || !FlushFileBuffers(h)) {
        m_error = lastErrorText();
        CloseHandle(h); // releases the lock
        return Failed;
    }
    m_handle = reinterpret_cast<qintptr>(h);
    return Acquired;
}

void FileLock::release()
{
    if (m_handle == -1)
        return;
    HANDLE h = reinterpret_cast<HANDLE>(m_handle);
    OVERLAPPED at = {};
    at.OffsetHigh = kLockOffsetHigh;
    UnlockFileEx(h, 0, 1, 0, &at);
    CloseHandle(h);
    m_handle = -1;
}
#else
FileLock::Result FileLock::tryLock()
{
    if (m_handle != -1)
        return Acquired;
    const QByteArray name = QFile::encodeName(m_path);
    const int fd = ::open(name.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        m_error = QString::fromLocal8Bit(std::strerror(errno));
        return Failed;
    }
    int r;
    do {
        r = ::flock(fd, LOCK_EX | LOCK_NB);
    } while (r != 0 && errno == EINTR);
    if (r != 0) {
        const int why = errno;
        ::close(fd);
        if (why == EWOULDBLOCK)
            return Busy;
        m_error = QString::fromLocal8Bit(std::strerror(why));
        return Failed;
    }
    // The holder line; a lock file that cannot take it (a full disk) is a lock that cannot
    // be written, reported as such.
    const QByteArray line = holderLine();
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, line.constData(), size_t(line.size()), 0) != ssize_t(line.size())) {
        m_error = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd); // releases the lock
        return Failed;
    }
    m_handle = fd;
    return Acquired;
}

void FileLock::release()
{
    if (m_handle == -1)
        return;
    // Emptied first: a holder line is only ever seen while its process holds the lock.
    if (::ftruncate(int(m_handle), 0) != 0) {
        // Nothing to do: the line names a process that no longer holds the lock.
    }
    ::close(int(m_handle)); // releases the lock
    m_handle = -1;
}
#endif

QString FileLock::holder() const
{
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    const QString written = QString::fromUtf8(f.read(200)).trimmed();
    bool ok = false;
    if (written.section(QLatin1Char(' '), 0, 0).toLongLong(&ok) > 0 && ok)
        return written;
#if defined(Q_OS_LINUX)
    // A holder that wrote nothing (not astro: `flock FILE COMMAND`, say): the kernel's table of
    // locks names the process that holds a lock on this file (major:minor:inode, in hex).
    struct stat st;
    if (::stat(QFile::encodeName(m_path).constData(), &st) != 0)
        return QString();
    const QString file = QStringLiteral("%1:%2:%3")
                             .arg(major(st.st_dev), 2, 16, QLatin1Char('0'))
                             .arg(minor(st.st_dev), 2, 16, QLatin1Char('0'))
                             .arg(qulonglong(st.st_ino));
    QFile locks(QStringLiteral("/proc/locks"));
    if (!locks.open(QIODevice::ReadOnly))
        return QString();
    const QStringList lines = QString::fromLatin1(locks.read(1024 * 1024)).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        const QStringList fields = line.simplified().split(QLatin1Char(' '));
        // "1: FLOCK  ADVISORY  WRITE 4242 08:01:123 0 EOF" ("->" marks a waiter)
        if (fields.size() < 6 || fields.at(1) == QLatin1String("->") || fields.at(5) != file)
            continue;
        const QString pid = fields.at(4);
        QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
        const QString name =
            comm.open(QIODevice::ReadOnly) ? QString::fromUtf8(comm.read(64)).trimmed() : QString();
        return pid + QLatin1Char(' ') + (name.isEmpty() ? QStringLiteral("?") : name);
    }
#endif
    return QString();
}

} // namespace astro::platform
