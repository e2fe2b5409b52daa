#pragma once

#include <QString>

namespace astro::platform {

// An advisory lock on a file that the kernel releases when its process dies (flock on
// Linux and macOS, LockFileEx on Windows), so a lock file left behind never blocks anyone.
// The file is created (0600) when missing and never removed; while the lock is held it
// names its holder ("PID PROGRAM"), for the message of whoever has to wait.
class FileLock
{
public:
    enum Result { Acquired, Busy, Failed };
    explicit FileLock(QString path);
    ~FileLock(); // releases the lock
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    // Does not wait. Failed: the file cannot be created or written; errorString() says why
    // (No space left on device, Read-only file system, Permission denied).
    Result tryLock();
    QString errorString() const { return m_error; }
    // Who holds the lock, as its holder wrote it ("1234 astro"), or empty when unknown.
    QString holder() const;

private:
    void release();
    QString m_path;
    QString m_error;
    qintptr m_handle = -1;
};

} // namespace astro::platform
