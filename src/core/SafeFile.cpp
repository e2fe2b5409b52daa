#include "SafeFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QThread>

namespace astro {

Error writeFileAtomically(const QString& path, const QByteArray& data, ExitCode failureCode)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(failureCode,
                           QCoreApplication::translate("SafeFile", "Cannot write %1: %2")
                               .arg(path, file.errorString()));
    // The temporary file gets owner-only permissions before any byte is written.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(data) != data.size()) {
        file.cancelWriting();
        return Error::make(failureCode,
                           QCoreApplication::translate("SafeFile", "Cannot write %1: %2")
                               .arg(path, file.errorString()));
    }
    if (!file.commit())
        return Error::make(failureCode,
                           QCoreApplication::translate("SafeFile", "Cannot write %1: %2")
                               .arg(path, file.errorString()));
    return Error::none();
}

bool ensurePrivateDir(const QString& dir)
{
    QDir d(dir);
    if (d.exists())
        return true;
    if (!QDir().mkpath(dir))
        return false;
    QFile::setPermissions(dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return true;
}

InterProcessLock::InterProcessLock(const QString& path)
    : m_path(path + QStringLiteral(".lock")), m_lock(std::make_unique<QLockFile>(m_path))
{
    m_lock->setStaleLockTime(30000);
}

bool InterProcessLock::acquire(int timeoutMs)
{
    // QLockFile::tryLock(timeout) backs off exponentially (up to seconds between tries),
    // which makes a crowd of waiters slow. Poll at a short, jittered interval instead.
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        if (m_lock->tryLock(0))
            return true;
        if (m_lock->error() == QLockFile::PermissionError ||
            m_lock->error() == QLockFile::UnknownError)
            return false;
        if (clock.elapsed() >= timeoutMs)
            return false;
        QThread::msleep(10 + QRandomGenerator::global()->bounded(20));
    }
}

} // namespace astro
