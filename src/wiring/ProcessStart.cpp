#include "ProcessStart.h"

#include "core/Translations.h"
#include "platform/Interrupt.h"
#include "platform/Process.h"
#include "platform/Terminal.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

namespace astro {

void startProcess()
{
    platform::hardenProcess();
    platform::prepareStandardStreams();
}

QStringList startApplication(const QString& name)
{
    installTranslations(QProcessEnvironment::systemEnvironment());
    platform::exitWithMessageOnInterrupt();
    QCoreApplication::setApplicationName(name);
    QCoreApplication::setApplicationVersion(QStringLiteral(ASTRO_VERSION));
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    return args;
}

} // namespace astro
