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
    if (!args.isEmpty() && !isLogin)
        return false;
    // An explicit --gui is the login command's (its help and usage errors come first).
    static const QStringList otherWays{QStringLiteral("-t"),
                                       QStringLiteral("--token-login"),
                                       QStringLiteral("-l"),
                                       QStringLiteral("--login-link"),
                                       QStringLiteral("--device-code"),
                                       QStringLiteral("--no-browser"),
                                       QStringLiteral("--apc"), // the window logs in to Astro only
                                       QStringLiteral("-o"),
                                       QStringLiteral("--oauth"),
                                       QStringLiteral("-h"),
                                       QStringLiteral("--help"),
                                       QStringLiteral("--gui")};
    for (const QString& a : rest) {
        if (otherWays.contains(a) || a.startsWith(QLatin1String("--token-login=")))
            return false;
    }
    if (stdinTty || stdoutTty)
        return false;
    // A display, and nothing that says "no human here".
    MachineFacts facts;
    if (!displayAvailable(env, nullptr))
        return false;
    QProcessEnvironment withoutBrowser = env;
    withoutBrowser.remove(QStringLiteral("BROWSER"));
    facts.os = MachineFacts::probe(env).os;
    return !detectHeadless(withoutBrowser, facts).headless;
}

bool displayAvailable(const QProcessEnvironment& env, QString* why)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    // QT_QPA_PLATFORM names a platform plugin that needs none (offscreen, vnc…).
    if (env.value(QStringLiteral("DISPLAY")).isEmpty() &&
        env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty() &&
        env.value(QStringLiteral("QT_QPA_PLATFORM")).isEmpty()) {
        if (why)
            *why = QCoreApplication::translate("GuiLauncher",
                                               "neither DISPLAY nor WAYLAND_DISPLAY is set");
        return false;
    }
#else
    Q_UNUSED(env);
    Q_UNUSED(why);
#endif
    return true;
}

int runLoginWindow(const QStringList& loginArgs)
{
    // astro-network runs this from libexec/astro-auth/; astro-gui is installed in bin/.
    const QString gui = companionProgram(QStringLiteral("astro-gui"));
    if (gui.isEmpty()) {
        std::fputs(QCoreApplication::translate(
                       "GuiLauncher", "Error: the login window (astro-gui) is not installed with "
                                      "this astro. Run 'astro login' in a terminal instead.\n")
                       .toLocal8Bit()
                       .constData(),
                   stderr);
        return 1;
    }
    QStringList rest = loginArgs;
    rest.removeAll(QStringLiteral("--gui"));
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.setInputChannelMode(QProcess::ForwardedInputChannel);
    p.start(gui, rest);
    if (!p.waitForStarted(10000)) {
        std::fputs(QCoreApplication::translate(
                       "GuiLauncher", "Error: could not start the login window (astro-gui).\n")
                       .toLocal8Bit()
                       .constData(),
                   stderr);
        return 1;
    }
    p.waitForFinished(-1);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : 1;
}

bool launchGuiIfWanted(const QStringList& args, const QProcessEnvironment& env, int* exitCode)
{
    if (!wantsGui(args, env, stdinIsTerminal(), stdoutIsTerminal()))
        return false;
    QStringList rest = args;
    if (rest.value(0) == QLatin1String("auth"))
        rest.removeFirst();
    if (rest.value(0) == QLatin1String("login"))
        rest.removeFirst();
    *exitCode = runLoginWindow(rest);
    return true;
}

} // namespace astro::platform
