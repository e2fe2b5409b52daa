#include "ProcessStart.h"

#include "core/DisplayText.h"
#include "core/Translations.h"
#include "platform/Interrupt.h"
#include "platform/Process.h"
#include "platform/Terminal.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <cstdio>

namespace astro {

void startProcess()
{
    platform::hardenProcess();
    platform::prepareStandardStreams();
}

QStringList startApplication(const QString& name)
{
    const QString problem = installTranslations(QProcessEnvironment::systemEnvironment());
    if (!problem.isEmpty()) // English, so not translated
        std::fputs(
            ("Warning: " + displaySafeLine(problem) + QLatin1Char('\n')).toLocal8Bit().constData(),
            stderr);
    platform::exitWithMessageOnInterrupt();
    QCoreApplication::setApplicationName(name);
    QCoreApplication::setApplicationVersion(QStringLiteral(ASTRO_VERSION));
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    return args;
}

} // namespace astro
