#include "SafeFile.h"

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
      m_lock(std::make_unique<QLockFile>(m_path))
{
    m_lock->setStaleLockTime(30000);
}

InterProcessLock::~InterProcessLock()
{
    if (!m_held)
        return;
    // The outermost holder unlocks (QLockFile does when it is destroyed).
    if (--heldLocks()[m_path] == 0)
        heldLocks().remove(m_path);
}

InterProcessLock::Result InterProcessLock::acquire(int timeoutMs)
{
    if (heldLocks().value(m_path) > 0) {
        ++heldLocks()[m_path];
        m_held = true;
        return Acquired;
    }
    // QLockFile::tryLock(timeout) backs off exponentially (up to seconds between tries),
    // which makes a crowd of waiters slow. Poll at a short, jittered interval instead.
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        if (m_lock->tryLock(0)) {
            heldLocks()[m_path] = 1;
            m_held = true;
            return Acquired;
        }
        if (m_lock->error() == QLockFile::PermissionError ||
            m_lock->error() == QLockFile::UnknownError) {
            m_error = QCoreApplication::translate("SafeFile", "Cannot create the lock file %1: %2")
                          .arg(m_path, whyCannotWriteIn(QFileInfo(m_path).absolutePath()));
            return Failed;
        }
        if (clock.elapsed() >= timeoutMs)
            return Busy;
        QThread::msleep(10 + QRandomGenerator::global()->bounded(20));
    }
}

} // namespace astro
