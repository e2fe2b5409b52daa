#include "Exec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#ifndef Q_OS_WIN
#include <cerrno>
#include <csignal>
#include <cstring>
#include <unistd.h>
#endif

namespace astro::platform {

#ifndef Q_OS_WIN
ExecVectors::ExecVectors(const QStringList& command, const QProcessEnvironment& env)
{
    for (const QString& word : command)
        m_storage.push_back(QFile::encodeName(word));
    const QStringList entries = env.toStringList();
    for (const QString& entry : entries)
        m_storage.push_back(QFile::encodeName(entry));
    for (size_t i = 0; i < m_storage.size(); ++i)
        (i < size_t(command.size()) ? m_argv : m_envp).push_back(m_storage[i].data());
    m_argv.push_back(nullptr);
    m_envp.push_back(nullptr);
}

namespace {

// The candidates a shell would try for `name`: itself when it names a path, else each PATH
// directory (an empty entry is the current directory), as execvp(3) does.
QStringList candidates(const QString& name, const QProcessEnvironment& env)
{
    if (name.contains(QLatin1Char('/')))
        return {name};
    const QString path = env.contains(QStringLiteral("PATH"))
                             ? env.value(QStringLiteral("PATH"))
                             : QStringLiteral("/usr/local/bin:/usr/bin:/bin");
    QStringList out;
    for (const QString& dir : path.split(QLatin1Char(':')))
        out << (dir.isEmpty() ? name : dir + QLatin1Char('/') + name);
    return out;
}

} // namespace
#endif

int execCommand(const QStringList& command, const QProcessEnvironment& env, QString* error)
{
#ifdef Q_OS_WIN
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.setInputChannelMode(QProcess::ForwardedInputChannel);
    p.start(command.first(), command.mid(1));
    if (!p.waitForStarted(-1)) {
        *error = p.errorString();
        return p.error() == QProcess::FailedToStart ? 127 : 126;
    }
    p.waitForFinished(-1);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : 1;
#else
    const ExecVectors vectors(command, env);

    // What astro changed for itself must not reach the command: it ignores SIGPIPE (handlers
    // are reset by execve; a signal its parent ignored stays ignored, as a shell leaves it).
    std::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);

    int denied = 0;
    for (const QString& candidate : candidates(command.first(), env)) {
        const QByteArray path = QFile::encodeName(candidate);
        ::execve(path.constData(), vectors.argv(), vectors.envp());
        if (errno == EACCES || errno == ENOEXEC || errno == EISDIR)
            denied = errno; // a shell goes on searching, and reports this if nothing runs
        else if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP && errno != ENAMETOOLONG) {
            *error = QString::fromLocal8Bit(std::strerror(errno));
            return 126;
        }
    }
    if (denied) {
        *error = QString::fromLocal8Bit(std::strerror(denied));
        return 126;
    }
    *error = QString::fromLocal8Bit(std::strerror(ENOENT));
    return 127;
#endif
}

int runForOutput(const QString& program, const QStringList& args, const QProcessEnvironment& env,
                 qint64 cap, QByteArray* out, QString* error)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(program, args);
    if (!p.waitForStarted(-1)) {
        *error = p.errorString();
        return -1;
    }
    for (;;) {
        const bool ready = p.waitForReadyRead(-1);
        if (!ready && p.state() != QProcess::NotRunning)
            p.waitForFinished(-1); // stdout closed early: wait for the exit
        const QByteArray chunk = p.readAllStandardOutput();
        if (out->size() + chunk.size() > cap) {
            p.kill();
            p.waitForFinished(-1);
            *error = QStringLiteral("more than %1 bytes on stdout").arg(cap);
            return -1;
        }
        out->append(chunk);
        if (!ready && p.state() == QProcess::NotRunning)
            break;
    }
    p.waitForFinished(-1);
    if (p.exitStatus() != QProcess::NormalExit) {
        *error = p.errorString();
        return -1;
    }
    return p.exitCode();
}

} // namespace astro::platform
