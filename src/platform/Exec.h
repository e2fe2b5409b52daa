#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#ifndef Q_OS_WIN
#include <vector>
#endif

namespace astro::platform {

#ifndef Q_OS_WIN
// The argv and envp arrays that execve and posix_spawn take (each ends with a null), and the
// bytes they point into: the command's words and env's NAME=value entries, in the file
// system's encoding.
class ExecVectors
{
public:
    ExecVectors(const QStringList& command, const QProcessEnvironment& env);
    ExecVectors(const ExecVectors&) = delete;
    ExecVectors& operator=(const ExecVectors&) = delete;
    char* const* argv() const { return m_argv.data(); }
    char* const* envp() const { return m_envp.data(); }

private:
    std::vector<QByteArray> m_storage;
    std::vector<char*> m_argv, m_envp;
};
#endif

// `astro auth exec`: runs `command` (command[0] looked up in env's PATH as a shell does,
// unless it contains a '/') with `env`, standard streams passed through. On POSIX this
// process is replaced (execve): the command gets our process id, terminal and signals
// (SIGINT, SIGTERM reach it directly), and its exit status is ours. SIGPIPE, which astro
// ignores, is set back to its default, and no signal is blocked. On Windows the command runs
// as a child whose exit code is returned. Returns only when the command could not be
// started: 127 (not found) or 126 (found, not executable), with *error saying why.
int execCommand(const QStringList& command, const QProcessEnvironment& env, QString* error);

// Runs a companion program (HandOver.h) with `args` in `env`, stdin closed and stderr passed
// through, and collects at most `cap` bytes of its stdout in *out (never a file, never
// argv). Returns its exit code, or -1 with *error set when it could not be run or crashed.
int runForOutput(const QString& program, const QStringList& args, const QProcessEnvironment& env,
                 qint64 cap, QByteArray* out, QString* error);

} // namespace astro::platform
