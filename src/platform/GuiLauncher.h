#pragma once

#include <QProcessEnvironment>
#include <QStringList>

namespace astro::platform {

// True when this login should run in the login window without being asked: `astro`,
// `astro login`/`auth login` (with no flag that chooses another way) started with no
// terminal on stdin and stdout and a display available. (`login --gui` is the login
// command's own.) Pure, for tests.
bool wantsGui(const QStringList& args, const QProcessEnvironment& env, bool stdinTty,
              bool stdoutTty);

// Whether a window can be shown here (Linux: DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM);
// *why says what is missing.
bool displayAvailable(const QProcessEnvironment& env, QString* why);
// displayAvailable(), and the display it names accepts a connection (Linux: the X server's
// socket for DISPLAY, local or over TCP as SSH's X forwarding gives it, or the Wayland
// compositor's socket; each tried for at most half a second), so that a window can open
// rather than fail with Qt's own message. A QT_QPA_PLATFORM other than xcb or wayland
// needs no display server. *why says what failed.
bool displayReachable(const QProcessEnvironment& env, QString* why);

// Runs `astro-gui` (where astro installs it) with the login's arguments (without `login`)
// and returns its exit code; 1 with a message when it is missing or cannot start.
int runLoginWindow(const QStringList& loginArgs);

// When wantsGui(): runs the login window and returns true with its exit code.
bool launchGuiIfWanted(const QStringList& args, const QProcessEnvironment& env, int* exitCode);

} // namespace astro::platform
