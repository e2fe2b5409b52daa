#include "CommandSupport.h"
#include "Commands.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>

static void initCompletionResource()
{
    Q_INIT_RESOURCE(completion);
}

namespace astro {

int runCompletion(Services& s, const QStringList& args)
{
    const QString shell = args.value(0);
    if (args.contains(QLatin1String("-h")) || args.contains(QLatin1String("--help"))) {
        s.console->out(QCoreApplication::translate(
            "CompletionCommand",
            "Print a shell completion script.\n\nUsage:\n  astro completion "
            "bash|zsh|fish|powershell\n\nExamples:\n  source <(astro completion bash)\n  "
            "astro completion fish | source\n"));
        return ExitOk;
    }
    // The scripts live in resources/completion (also installed by the packages); the
    // domains come from `astro context list --names` at completion time.
    static const QHash<QString, QString> files{
        {QStringLiteral("bash"), QStringLiteral("astro.bash")},
        {QStringLiteral("zsh"), QStringLiteral("_astro")},
        {QStringLiteral("fish"), QStringLiteral("astro.fish")},
        {QStringLiteral("powershell"), QStringLiteral("astro.ps1")}};
    if (!files.contains(shell) || args.size() != 1) {
        // "completion bsh": " Did you mean 'bash'?"
        const QString suggestion =
            args.size() == 1
                ? commandSuggestion(shell, {QStringLiteral("bash"), QStringLiteral("zsh"),
                                            QStringLiteral("fish"), QStringLiteral("powershell")})
                : QString();
        return fail(s,
                    Error::make(ExitUsage, QCoreApplication::translate(
                                               "CompletionCommand",
                                               "usage: astro completion bash|zsh|fish|powershell") +
                                               suggestion));
    }
    initCompletionResource();
    QFile f(QStringLiteral(":/completion/") + files.value(shell));
    if (!f.open(QIODevice::ReadOnly))
        return fail(
            s, Error::make(ExitFailure, QCoreApplication::translate(
                                            "CompletionCommand",
                                            "the %1 completion script is missing from this build.")
                                            .arg(shell)));
    s.console->out(QString::fromUtf8(f.readAll()));
    return ExitOk;
}

} // namespace astro
