#include "Headless.h"

#include <QCoreApplication>
#include <QFile>
#include <QStandardPaths>

namespace astro::platform {

MachineFacts MachineFacts::probe(const QProcessEnvironment& env)
{
    MachineFacts f;
#if defined(Q_OS_MACOS)
    f.os = MachineFacts::Os::MacOS;
#elif defined(Q_OS_WIN)
    f.os = MachineFacts::Os::Windows;
#elif defined(Q_OS_LINUX)
    f.os = MachineFacts::Os::Linux;
    f.inContainer = QFile::exists(QStringLiteral("/.dockerenv")) ||
                    QFile::exists(QStringLiteral("/run/.containerenv")) ||
                    !env.value(QStringLiteral("container")).isEmpty();
    QFile version(QStringLiteral("/proc/version"));
    if (version.open(QIODevice::ReadOnly))
        f.isWsl = version.read(4096).toLower().contains("microsoft");
    if (f.isWsl)
        f.wslCanOpenBrowser =
            !QStandardPaths::findExecutable(QStringLiteral("wslview")).isEmpty() ||
            !QStandardPaths::findExecutable(QStringLiteral("explorer.exe")).isEmpty();
#else
    f.os = MachineFacts::Os::Other;
#endif
    Q_UNUSED(env);
    return f;
}

HeadlessVerdict detectHeadless(const QProcessEnvironment& env, const MachineFacts& facts)
{
    auto set = [&env](const char* name) { return !env.value(QLatin1String(name)).isEmpty(); };
    if (set("BROWSER"))
        return {};
    if (set("SSH_CONNECTION") || set("SSH_TTY") || set("SSH_CLIENT"))
        return {true, QCoreApplication::translate("Headless", "this is an SSH session")};
    for (const char* ci : {"CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE",
                           "TF_BUILD", "CIRCLECI", "TEAMCITY_VERSION", "CODEBUILD_BUILD_ID"}) {
        const QString v = env.value(QLatin1String(ci)).toLower();
        if (!v.isEmpty() && v != QLatin1String("false") && v != QLatin1String("0"))
            return {true, QCoreApplication::translate("Headless", "this is a CI environment")};
    }
    if (facts.inContainer)
        return {true, QCoreApplication::translate("Headless", "this is a container")};
    if (facts.os == MachineFacts::Os::Linux) {
        if (facts.isWsl)
            return facts.wslCanOpenBrowser
                       ? HeadlessVerdict{}
                       : HeadlessVerdict{true,
                                         QCoreApplication::translate(
                                             "Headless",
                                             "this is WSL with no way to open a Windows browser "
                                             "(install wslu for wslview)")};
        if (!set("DISPLAY") && !set("WAYLAND_DISPLAY"))
            return {true, QCoreApplication::translate(
                              "Headless",
                              "there is no display (DISPLAY and WAYLAND_DISPLAY are not set)")};
    }
    return {};
}

} // namespace astro::platform
