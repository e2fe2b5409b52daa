#pragma once

#include <QString>
#include <QStringList>

namespace astro::platform {

// A program installed with astro (astro-network, astro-gui): next to this executable (the
// build tree, Windows, the macOS bundle), else where the install layout puts it relative to
// this one (bin/ <-> libexec/astro-auth/, from CMake's install directories). Never searched
// on PATH. Empty when none is found.
QString companionProgram(const QString& name);

// Runs `program` with `args` in place of this process: exec on POSIX (same process id,
// terminal, signals and standard streams; returns only on failure), a child whose exit
// code is returned on Windows. Returns -1 and sets *error when it could not be started.
int handOver(const QString& program, const QStringList& args, QString* error);

} // namespace astro::platform
