#include "Browser.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace astro::platform {

bool isSafeToOpen(const QUrl& url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (url.scheme() == QLatin1String("https"))
        return true;
    const QString h = url.host();
    return url.scheme() == QLatin1String("http") &&
           (h == QLatin1String("localhost") || h == QLatin1String("127.0.0.1") ||
            h == QLatin1String("::1"));
}

// The browser gets the URL as one argv entry, and our environment minus any secret.
static bool startDetached(const QString& program, const QStringList& args)
{
    const QString exe = QStandardPaths::findExecutable(program);
    if (exe.isEmpty() && !QFile::exists(program))
        return false;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("ASTRO_API_TOKEN"));
    QProcess process;
    process.setProgram(exe.isEmpty() ? program : exe);
    process.setArguments(args);
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    return process.startDetached();
}

bool openBrowser(const QUrl& url, const QProcessEnvironment& env,
                 const std::function<bool(const QUrl&)>& desktopOpener, QString* how)
{
    if (!isSafeToOpen(url))
        return false;
    const QString encoded = url.toString(QUrl::FullyEncoded);
    const QString browser = env.value(QStringLiteral("BROWSER"));
    if (!browser.isEmpty()) {
        for (const QString& entry : browser.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
            QStringList parts = QProcess::splitCommand(entry);
            if (parts.isEmpty())
                continue;
            const QString program = parts.takeFirst();
            bool substituted = false;
            for (QString& p : parts) {
                if (p.contains(QLatin1String("%s"))) {
                    p.replace(QLatin1String("%s"), encoded);
                    substituted = true;
                }
            }
            if (!substituted)
                parts << encoded;
            if (startDetached(program, parts)) {
                *how = QStringLiteral("$BROWSER (%1)").arg(program);
                return true;
            }
        }
    }
    if (desktopOpener && desktopOpener(url)) {
        *how = QCoreApplication::translate("Browser", "the desktop");
        return true;
    }
#if defined(Q_OS_MACOS)
    if (startDetached(QStringLiteral("open"), {encoded})) {
        *how = QStringLiteral("open");
        return true;
    }
#elif defined(Q_OS_WIN)
    if (startDetached(QStringLiteral("rundll32"),
                      {QStringLiteral("url.dll,FileProtocolHandler"), encoded})) {
        *how = QCoreApplication::translate("Browser", "the default browser");
        return true;
    }
#else
    if (!env.value(QStringLiteral("DISPLAY")).isEmpty() ||
        !env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty()) {
        if (startDetached(QStringLiteral("xdg-open"), {encoded})) {
            *how = QStringLiteral("xdg-open");
            return true;
        }
    }
#endif
    return false;
}

} // namespace astro::platform
