#include "Paths.h"

#include <QDir>

namespace astro {

QString astroDir(const QProcessEnvironment& env)
{
    const QString home = env.value(QStringLiteral("ASTRO_HOME"));
    return QDir(home.isEmpty() ? QDir::homePath() : home).filePath(QStringLiteral(".astro"));
}

QString configPath(const QProcessEnvironment& env)
{
    return QDir(astroDir(env)).filePath(QStringLiteral("config.yaml"));
}

QString credentialsFilePath(const QProcessEnvironment& env)
{
    return QDir(astroDir(env)).filePath(QStringLiteral("credentials.json"));
}

} // namespace astro
