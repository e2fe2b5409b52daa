#pragma once

#include <QProcessEnvironment>
#include <QStringList>

namespace astro::platform {

// True when this login should run in the login window: `auth login --gui`, or `astro`,
// `astro login`/`auth login` (with no flag that chooses another way) started with no
// terminal on stdin and stdout and a display available. Pure, for tests.
bool wantsGui(const QStringList& args, const QProcessEnvironment& env, bool stdinTty,
              bool stdoutTty);

// Runs `astro-gui` (next to this executable, else on PATH) with the login's arguments
// and returns true with its exit code; false when the GUI is not wanted. When it is
// wanted but missing, prints why and sets exit code 1.
bool launchGuiIfWanted(const QStringList& args, const QProcessEnvironment& env, int* exitCode);

} // namespace astro::platform
