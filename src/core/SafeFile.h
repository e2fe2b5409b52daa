#pragma once

#include "Error.h"

#include <QByteArray>
#include <QLockFile>
#include <QString>
#include <memory>

namespace astro {

// Replaces `path` atomically (temporary file in the same directory, fsync, rename) with
// owner-only permissions (0600). Readers see the old content or the new, never a torn file.
Error writeFileAtomically(const QString& path, const QByteArray& data, ExitCode failureCode);

// Creates `dir` (and parents) with owner-only permissions (0700) when it does not exist.
bool ensurePrivateDir(const QString& dir);

// An inter-process lock next to `path` (`path`.lock), held for a read-modify-write.
// A lock left by a crashed process is detected and taken over.
class InterProcessLock
{
public:
    explicit InterProcessLock(const QString& path);
    bool acquire(int timeoutMs);
    QString path() const { return m_path; }

private:
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace astro
