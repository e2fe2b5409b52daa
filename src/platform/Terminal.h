#pragma once

#include <QString>

namespace astro::platform {

bool stdinIsTerminal();
bool stdoutIsTerminal();
bool stderrIsTerminal();
// Reads one line from stdin (without the newline). Returns false at end of input.
bool readStdinLine(QString* out);
// Reads all of stdin (bounded) as UTF-8.
QString readStdinAll(qint64 maxBytes);
// The name of the OS keychain QtKeychain uses here.
QString keychainDisplayName();

} // namespace astro::platform
