#include "Paths.h"

#include <QDir>

#ifndef Q_OS_WIN
#include <pwd.h>
#include <unistd.h>
#include <vector>
#endif

namespace astro {
namespace {

// The user's home directory: HOME, else the password database's entry for this account
// (never "/", which is what QDir::homePath() falls back to).
QString homeDir(const QProcessEnvironment& env)
{
#ifdef Q_OS_WIN
    Q_UNUSED(env);
    return QDir::homePath();
#else
    const QString home = env.value(QStringLiteral("HOME"));
    if (!home.isEmpty())
        return home;
    const long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(size > 0 ? size_t(size) : 16384);
    passwd entry{};
    passwd* found = nullptr;
    if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found ||
        !found->pw_dir || !*found->pw_dir)
        return QString();
    return QString::fromLocal8Bit(found->pw_dir);
#endif
}

} // namespace

QString astroDir(const QProcessEnvironment& env)
{
    QString home = env.value(QStringLiteral("ASTRO_HOME"));
    if (home.isEmpty())
        home = homeDir(env);
    return home.isEmpty() ? QString() : QDir(home).filePath(QStringLiteral(".astro"));
}

QString dockerConfigPath(const QProcessEnvironment& env)
{
    QString dir = env.value(QStringLiteral("DOCKER_CONFIG"));
    if (dir.isEmpty()) {
        const QString home = homeDir(env);
        if (home.isEmpty())
            return QString();
        dir = QDir(home).filePath(QStringLiteral(".docker"));
    }
    return QDir(dir).filePath(QStringLiteral("config.json"));
}

QString configPath(const QProcessEnvironment& env)
{
    const QString dir = astroDir(env);
    return dir.isEmpty() ? QString() : QDir(dir).filePath(QStringLiteral("config.yaml"));
}

QString credentialsFilePath(const QProcessEnvironment& env)
{
    const QString dir = astroDir(env);
    return dir.isEmpty() ? QString() : QDir(dir).filePath(QStringLiteral("credentials.json"));
}

} // namespace astro
