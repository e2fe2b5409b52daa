#include "GuiLauncher.h"

#include "HandOver.h"
#include "Headless.h"
#include "Terminal.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <cstdio>

namespace astro::platform {

bool wantsGui(const QStringList& args, const QProcessEnvironment& env, bool stdinTty,
              bool stdoutTty)
{
    QStringList rest = args;
    if (rest.value(0) == QLatin1String("auth"))
        rest.removeFirst();
    const bool isLogin = rest.value(0) == QLatin1String("login");
    if (isLogin && rest.contains(QLatin1String("--gui")))
        return true;
    if (!args.isEmpty() && !isLogin)
        return false;
    static const QStringList otherWays{QStringLiteral("-t"),
                                       QStringLiteral("--token-login"),
                                       QStringLiteral("-l"),
                                       QStringLiteral("--login-link"),
                                       QStringLiteral("--device-code"),
                                       QStringLiteral("--no-browser"),
                                       QStringLiteral("-h"),
                                       QStringLiteral("--help")};
    for (const QString& a : rest) {
        if (otherWays.contains(a) || a.startsWith(QLatin1String("--token-login=")))
            return false;
    }
    if (stdinTty || stdoutTty)
        return false;
    // A display, and nothing that says "no human here".
    MachineFacts facts;
#if defined(Q_OS_LINUX)
    if (env.value(QStringLiteral("DISPLAY")).isEmpty() &&
        env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty())
        return false;
#endif
    QProcessEnvironment withoutBrowser = env;
    withoutBrowser.remove(QStringLiteral("BROWSER"));
    facts.os = MachineFacts::probe(env).os;
    return !detectHeadless(withoutBrowser, facts).headless;
}

bool launchGuiIfWanted(const QStringList& args, const QProcessEnvironment& env, int* exitCode)
{
    if (!wantsGui(args, env, stdinIsTerminal(), stdoutIsTerminal()))
        return false;
    // astro-network runs this from libexec/astro-auth/; astro-gui is installed in bin/.
    const QString gui = companionProgram(QStringLiteral("astro-gui"));
    if (gui.isEmpty()) {
        std::fputs("Error: the login window (astro-gui) is not installed with this astro. Run "
                   "'astro login' in a "
                   "terminal instead.\n",
                   stderr);
        *exitCode = 1;
        return true;
    }
    QStringList rest = args;
    if (rest.value(0) == QLatin1String("auth"))
        rest.removeFirst();
    if (rest.value(0) == QLatin1String("login"))
        rest.removeFirst();
    rest.removeAll(QStringLiteral("--gui"));
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.setInputChannelMode(QProcess::ForwardedInputChannel);
    p.start(gui, rest);
    if (!p.waitForStarted(10000)) {
        std::fputs("Error: could not start the login window (astro-gui).\n", stderr);
        *exitCode = 1;
        return true;
    }
    p.waitForFinished(-1);
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : 1;
    return true;
}

} // namespace astro::platform
