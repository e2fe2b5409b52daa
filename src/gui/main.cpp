// `astro-gui`: the desktop login window. Same wiring (src/wiring) and the same flow and
// store classes as `astro login`; Qt Widgets only here.
#include "LoginWindow.h"
#include "core/Domain.h"
#include "core/Translations.h"
#include "platform/Process.h"
#include "wiring/NetworkServices.h"
#include "wiring/RealServices.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDesktopServices>
#include <QIcon>

using namespace astro;

int main(int argc, char** argv)
{
    platform::hardenProcess(); // before any secret is in memory
    QApplication app(argc, argv);
    installTranslations(QProcessEnvironment::systemEnvironment());
    QApplication::setApplicationName(QStringLiteral("astro"));
    QApplication::setApplicationDisplayName(QObject::tr("Astro Login"));
    QApplication::setApplicationVersion(QStringLiteral(ASTRO_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/desktop/astro-auth.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("The Astro CLI's login window."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("DOMAIN"),
                                 QObject::tr("Astro domain (default: the current context)."));
    const QCommandLineOption port(QStringLiteral("callback-port"),
                                  QObject::tr("Port of the login callback."), QStringLiteral("N"),
                                  QStringLiteral("12345"));
    const QCommandLineOption browser(QStringLiteral("browser"),
                                     QObject::tr("Open the browser (the default)."));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QObject::tr("Ignored by the window."),
                                     QStringLiteral("SECONDS"));
    parser.addOptions({port, browser, timeout});
    parser.process(app);

    RealServices real;
    Services& s = real.services();
    if (Error e = real.setupError()) {
        s.console->err(QCoreApplication::translate("CommandSupport", "Error: %1\n").arg(e.message));
        return e.code;
    }
    NetworkServices network(s);
    s.desktopOpener = [](const QUrl& url) { return QDesktopServices::openUrl(url); };
    Config config;
    if (Error e = s.config->read(&config)) {
        s.console->err(QCoreApplication::translate("CommandSupport", "Error: %1\n").arg(e.message));
        return e.code;
    }
    QString raw = parser.positionalArguments().value(0);
    if (raw.isEmpty())
        raw = s.env.value(QStringLiteral("ASTRO_DOMAIN"));
    if (raw.isEmpty() && !config.currentContext().isEmpty())
        raw = config.context(config.currentContext()).domain;
    Domain domain;
    QString why;
    if (!Domain::parse(raw, &domain, &why)) {
        s.console->err(QCoreApplication::translate("CommandSupport", "Error: %1\n").arg(why));
        return ExitUsage;
    }
    bool ok = false;
    const int p = parser.value(port).toInt(&ok);
    LoginWindow window(s, domain, quint16(ok && p >= 0 && p <= 65535 ? p : 12345));
    window.show();
    window.start();
    return app.exec() == 0 ? window.exitCode() : 1;
}
