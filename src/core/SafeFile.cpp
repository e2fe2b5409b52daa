#include "SafeFile.h"

#include "platform/FileLock.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QTemporaryFile>
#include <QThread>

namespace astro {
namespace {

constexpr QFileDevice::Permissions kOwnerOnlyDir =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr QFileDevice::Permissions kGroupOrOthers =
    QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
    QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

// The locks this process holds, with how many times each is held (see InterProcessLock).
QHash<QString, int>& heldLocks()
{
    static QHash<QString, int> held;
    return held;
}

// Why nothing can be written in `dir` ("No space left on device", "Read-only file system",
// "Permission denied"), found by trying: QLockFile reports only "permission" or "unknown".
QString whyCannotWriteIn(const QString& dir)
{
    QTemporaryFile probe(QDir(dir).filePath(QStringLiteral(".write-probe-XXXXXX")));
    if (!probe.open())
        return probe.errorString();
    const QByteArray bytes(512, '\0');
    if (probe.write(bytes) != bytes.size() || !probe.flush())
        return probe.errorString();
    return QCoreApplication::translate("SafeFile", "unknown error");
}

} // namespace

Error writeFileAtomically(const QString& path, const QByteArray& data, ExitCode failureCode)
{
    QSaveFile file(path);
    auto failed = [&] {
        return Error::make(failureCode,
                           QCoreApplication::translate("SafeFile", "Cannot write %1: %2")
                               .arg(path, file.errorString()));
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed();
    // The temporary file gets owner-only permissions before any byte is written.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // QSaveFile buffers writes, and commit() misses a failed flush (Qt 6.4: a full disk then
    // gives an empty file, reported as success): flush first, and check.
    if (file.write(data) != data.size() || !file.flush()) {
        Error e = failed();
        file.cancelWriting();
        return e;
    }
    if (!file.commit())
        return failed();
    return Error::none();
}

QString ensurePrivateDir(const QString& dir)
{
    const QFileInfo info(dir);
    if (!info.exists()) {
        if (!QDir().mkpath(info.absolutePath()) || !QDir().mkdir(dir, kOwnerOnlyDir))
            return QCoreApplication::translate("SafeFile", "Cannot create the directory %1: %2")
                .arg(dir, whyCannotWriteIn(QFileInfo(info.absolutePath()).absoluteFilePath()));
        return QString();
    }
    if (!info.isDir())
        return QCoreApplication::translate("SafeFile", "%1 is not a directory.").arg(dir);
    if ((info.permissions() & kGroupOrOthers) == 0)
        return QString();
    // Group or others may look in: tighten it to 0700 before a secret is written there.
    QFile d(dir);
    if (!d.setPermissions(kOwnerOnlyDir))
        return QCoreApplication::translate(
                   "SafeFile", "Cannot make %1 private (mode 0700): %2. Run 'chmod 700 %1'.")
            .arg(dir, d.errorString());
    return QString();
}

ReadStatus readBoundedFile(const QString& path, qint64 cap, QByteArray* data, QString* why)
{
    const QFileInfo info(path);
    if (!info.exists())
        return ReadStatus::Missing;
    if (!info.isFile()) {
        *why = QCoreApplication::translate("SafeFile",
                                           "%1 is not a regular file; it was left unchanged. "
                                           "Replace it with a regular file, or remove it.")
                   .arg(path);
        return ReadStatus::Failed;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = QCoreApplication::translate("SafeFile", "Cannot read %1: %2")
                   .arg(path, f.errorString());
        return ReadStatus::Failed;
    }
    *data = f.read(cap + 1);
    if (f.error() != QFileDevice::NoError) {
        *why = QCoreApplication::translate("SafeFile", "Cannot read %1: %2")
                   .arg(path, f.errorString());
        return ReadStatus::Failed;
    }
    return data->size() > cap ? ReadStatus::TooLarge : ReadStatus::Ok;
}

InterProcessLock::InterProcessLock(const QString& path)
    : m_path(QFileInfo(path + QStringLiteral(".lock")).absoluteFilePath()),
      m_lock(std::make_unique<platform::FileLock>(m_path))
{
}

InterProcessLock::~InterProcessLock()
{
    if (!m_held)
        return;
    // The outermost holder unlocks (its FileLock does when it is destroyed).
    if (--heldLocks()[m_path] == 0)
        heldLocks().remove(m_path);
}

InterProcessLock::Result InterProcessLock::acquire(int timeoutMs,
                                                   const std::function<void()>& waiting)
{
    if (heldLocks().value(m_path) > 0) {
        ++heldLocks()[m_path];
        m_held = true;
        return Acquired;
    }
    // Polled at a short, jittered interval: a crowd of waiters gets through quickly.
    QElapsedTimer clock;
    clock.start();
    bool toldWaiting = false;
    for (;;) {
        switch (m_lock->tryLock()) {
        case platform::FileLock::Acquired:
            heldLocks()[m_path] = 1;
            m_held = true;
            return Acquired;
        case platform::FileLock::Failed:
            m_error = QCoreApplication::translate("SafeFile", "Cannot create the lock file %1: %2")
                          .arg(m_path, m_lock->errorString());
            return Failed;
        case platform::FileLock::Busy:
            m_waited = true;
            break;
        }
        if (clock.elapsed() >= timeoutMs)
            return Busy;
        if (waiting && !toldWaiting && clock.elapsed() >= 1000) {
            toldWaiting = true;
            waiting();
        }
        QThread::msleep(10 + QRandomGenerator::global()->bounded(20));
    }
}

QString InterProcessLock::holderSentence() const
{
    // "PID PROGRAM", as platform::FileLock writes it.
    const QString line = m_lock->holder();
    const int space = line.indexOf(QLatin1Char(' '));
    bool ok = false;
    const qint64 pid = line.left(space).toLongLong(&ok);
    if (!ok || pid <= 0)
        return QString();
    const QString program = space > 0 ? line.mid(space + 1).left(40) : QStringLiteral("astro");
    return QLatin1Char(' ') +
           QCoreApplication::translate("SafeFile", "The lock is held by %1, process %2.")
               .arg(program)
               .arg(pid);
}

} // namespace astro
