#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace astro {

// $ASTRO_HOME/.astro, else ~/.astro (astro-cli's layout). Without HOME, the account's home
// directory from the password database; an empty string when there is none at all.
QString astroDir(const QProcessEnvironment& env);
QString configPath(const QProcessEnvironment& env);
QString credentialsFilePath(const QProcessEnvironment& env);

} // namespace astro
