#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace astro::platform {

// What the machine looks like, beyond the environment variables. probe() reads it from
// the system; tests build it by hand.
struct MachineFacts
{
    enum class Os { Linux, MacOS, Windows, Other } os = Os::Linux;
    bool inContainer = false; // /.dockerenv, /run/.containerenv, container=… in PID 1's cgroup
    bool isWsl = false;       // Linux kernel built by Microsoft
    bool wslCanOpenBrowser = false; // wslview or explorer.exe reachable from WSL
    static MachineFacts probe(const QProcessEnvironment& env);
};

struct HeadlessVerdict
{
    bool headless = false;
    QString reason; // "an SSH session", "no display", … (empty when not headless)
};

// Can a browser be opened for the user here? An explicitly set $BROWSER always counts
// as a way to open one.
HeadlessVerdict detectHeadless(const QProcessEnvironment& env, const MachineFacts& facts);

} // namespace astro::platform
