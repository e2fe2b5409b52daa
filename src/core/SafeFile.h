#pragma once

#include "Error.h"

#include <QByteArray>
#include <QString>
#include <functional>
#include <memory>

namespace astro {
namespace platform {
class FileLock;
}

// Replaces `path` atomically (temporary file in the same directory, fsync, rename) with
// owner-only permissions (0600). Readers see the old content or the new, never a torn file.
Error writeFileAtomically(const QString& path, const QByteArray& data, ExitCode failureCode);

// Creates `dir` (and parents) with owner-only permissions (0700), or makes an existing one
// owner-only, as ssh wants its directory: secrets and their locks are written there.
// Returns an empty string, or why not (a message for the user that names the directory).
QString ensurePrivateDir(const QString& dir);

// Reads a small regular file: at most `cap` + 1 bytes are ever read, and anything that is
// not a regular file (a device, a FIFO, a directory) is refused before it is opened, so
// neither can exhaust memory or hang. `why` names the path and the cause.
enum class ReadStatus { Ok, Missing, TooLarge, Failed };
ReadStatus readBoundedFile(const QString& path, qint64 cap, QByteArray* data, QString* why);

// An inter-process lock next to `path` (`path`.lock), held for a read-modify-write. The
// kernel releases it when its process dies (platform::FileLock), so a lock file left behind
// (by a crash, or an empty one) never blocks anyone. Reentrant within a process:
// acquiring a lock this process already holds succeeds at once (nested), so a step that
// runs under the lock may call another that takes it too.
class InterProcessLock
{
public:
    enum Result {
        Acquired,
        Busy,   // another process held it for the whole timeout
        Failed, // the lock file cannot be created (no space, read-only, permission): errorString()
    };
    explicit InterProcessLock(const QString& path);
    ~InterProcessLock();
    InterProcessLock(const InterProcessLock&) = delete;
    InterProcessLock& operator=(const InterProcessLock&) = delete;
    // `waiting`, when given, is called once when the lock has been busy for a second (to say
    // who holds it: holderSentence()).
    Result acquire(int timeoutMs, const std::function<void()>& waiting = {});
    QString path() const { return m_path; }
    // After Acquired: whether another process held the lock first (this one had to wait).
    bool waited() const { return m_waited; }
    // Why the lock file could not be created: names the lock file and the cause.
    QString errorString() const { return m_error; }
    // After Busy: who holds it, as a sentence to append (" The lock is held by astro,
    // process 1234."), or empty when that is unknown.
    QString holderSentence() const;

private:
    QString m_path;
    std::unique_ptr<platform::FileLock> m_lock;
    bool m_held = false;
    bool m_waited = false;
    QString m_error;
};

} // namespace astro
