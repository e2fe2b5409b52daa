#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace astro {

// $ASTRO_HOME/.astro, else ~/.astro (astro-cli's layout).
QString astroDir(const QProcessEnvironment& env);
QString configPath(const QProcessEnvironment& env);
QString credentialsFilePath(const QProcessEnvironment& env);

} // namespace astro
