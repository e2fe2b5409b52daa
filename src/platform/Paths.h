#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace astro {

// $ASTRO_HOME/.astro, else ~/.astro (astro-cli's layout). Without HOME, the account's home
// directory from the password database; an empty string when there is none at all.
QString astroDir(const QProcessEnvironment& env);
QString configPath(const QProcessEnvironment& env);
QString credentialsFilePath(const QProcessEnvironment& env);
// Docker's client configuration: $DOCKER_CONFIG/config.json, else ~/.docker/config.json (as
// the Docker CLI finds it; ASTRO_HOME does not move it). Empty without a home directory.
QString dockerConfigPath(const QProcessEnvironment& env);

} // namespace astro
