#pragma once

#include <QStringList>

namespace astro {

// The start every astro executable makes (astro, astro-network, docker-credential-astro and
// astro-gui), in this order.
//
// Before the application object: the process is hardened (before any secret is in memory)
// and the standard streams are made safe (before anything opens a file).
void startProcess();
// Once the application object exists: the translations (before any user-facing string),
// one message and 130 / 143 on SIGINT / SIGTERM, and the name and version that --version
// prints. Returns the arguments, without the program's own name.
QStringList startApplication(const QString& name);

} // namespace astro
