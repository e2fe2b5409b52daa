// `astro-gui`: the desktop login window. The same wiring (src/wiring), options
// (parseLoginOptions), domain resolution and login core (src/login) as `astro login`; Qt
// Widgets only here. Help and usage errors need no display.
#include "LoginWindow.h"
#include "cli/CommandSupport.h"
#include "cli/PlaintextMigration.h"
#include "core/DisplayText.h"
#include "core/Translations.h"
#include "login/LoginOptions.h"
#include "platform/GuiLauncher.h"
#include "wiring/NetworkServices.h"
#include "wiring/ProcessStart.h"
#include "wiring/RealServices.h"

#include <QApplication>
#include <QDesktopServices>
#include <QIcon>
#include <cstdio>

using namespace astro;

namespace {

struct GuiText
{
    Q_DECLARE_TR_FUNCTIONS(GuiMain)
};

// Through displaySafe(), as Console writes: the arguments and DISPLAY are the user's text.
void printErr(const QString& text)
{
    std::fputs(displaySafe(text).toLocal8Bit().constData(), stderr);
}

// Help, a usage error or a missing display: answered without a window. Returns true with
// *exitCode when the window must not open.
bool answeredWithoutWindow(int argc, char** argv, LoginOptions* options, int* exitCode)
{
    QCoreApplication app(argc, argv);
    installTranslations(QProcessEnvironment::systemEnvironment());
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (Error e = parseLoginOptions(args, env, options)) {
        printErr(QCoreApplication::translate("CommandSupport",
                                             "Error: %1\nRun 'astro %2 --help' for usage.\n")
                     .arg(e.message, QStringLiteral("login --gui")));
        *exitCode = e.code;
        return true;
    }
    if (options->help) {
        LoginCommandLine cl;
        QString text = cl.parser.helpText();
        text = GuiText::tr("The Astro CLI's login window (astro login --gui).\n\nUsage:\n  "
                           "astro-gui [DOMAIN] [flags]\n") +
               text.mid(text.indexOf(QLatin1Char('\n')));
        std::fputs(text.toLocal8Bit().constData(), stdout);
        *exitCode = ExitOk;
        return true;
    }
    if (options->method != LoginOptions::Method::Auto &&
        options->method != LoginOptions::Method::Browser) {
        printErr(QCoreApplication::translate("CommandSupport", "Error: %1\n")
                     .arg(GuiText::tr("the login window logs in with the browser (or a pasted "
                                      "address or token); for another way, run 'astro login' in "
                                      "a terminal.")));
        *exitCode = ExitUsage;
        return true;
    }
    QString why;
    if (!platform::displayReachable(env, &why)) {
        printErr(QCoreApplication::translate("CommandSupport", "Error: %1\n")
                     .arg(GuiText::tr("the login window needs a display (%1). Run 'astro login' "
                                      "in a terminal instead, or 'astro login --login-link'.")
                              .arg(why)));
        *exitCode = ExitFailure;
        return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    startProcess();
    LoginOptions options;
    int exitCode = 0;
    if (answeredWithoutWindow(argc, argv, &options, &exitCode))
        return exitCode;

    QApplication app(argc, argv);
    startApplication(QStringLiteral("astro"));
    QApplication::setApplicationDisplayName(GuiText::tr("Astro Login"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/desktop/astro-auth.svg")));

    RealServices real;
    Services& s = real.services();
    if (Error e = real.setupError())
        return fail(s, e);
    NetworkServices network(s);
    s.desktopOpener = [](const QUrl& url) { return QDesktopServices::openUrl(url); };
    Config config;
    if (Error e = readConfig(s, &config))
        return fail(s, e);
    Domain domain;
    if (Error e = resolveDomain(s, options.domain, config, true, &domain))
        return fail(s, e);
    if (domain.isApc())
        return fail(s, Error::make(ExitUsage,
                                   QCoreApplication::translate(
                                       "LoginCommand", "the login window logs in to Astro only; "
                                                       "log in to Astro Private Cloud (%1) here, "
                                                       "without --gui.")
                                       .arg(domain.name())));
    LoginWindow window(s, domain, options.callbackPort);
    window.show();
    window.start();
    return app.exec() == 0 ? window.exitCode() : 1;
}
