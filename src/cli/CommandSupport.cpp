#include "CommandSupport.h"

#include <QCoreApplication>

namespace astro {

int fail(Services& s, const Error& e)
{
    // As astro prints its errors: "Error: " and the message as it is.
    s.console->err(QStringLiteral("Error: %1\n").arg(e.message));
    return e.code == ExitOk ? ExitFailure : e.code;
}

Error resolveDomain(Services& s, const QString& explicitDomain, const Config& config, bool allowDefault, Domain* out)
{
    QString raw = explicitDomain;
    if (raw.isEmpty())
        raw = s.env.value(QStringLiteral("ASTRO_DOMAIN"));
    if (raw.isEmpty()) {
        const QString current = config.currentContext();
        if (!current.isEmpty()) {
            raw = config.context(current).domain;
            if (raw.isEmpty())
                raw = current; // a context without a domain field: its key is the best guess
        }
    }
    if (raw.isEmpty() && !allowDefault)
        return Error::make(ExitFailure, QStringLiteral("no token found. Please run 'astro login' to authenticate"));
    QString why;
    if (!Domain::parse(raw, out, &why))
        return Error::make(ExitUsage, why);
    return Error::none();
}

bool parseCommandLine(Services& s, QCommandLineParser& parser, const QString& commandPath, const QString& usage,
                      const QString& description, const QStringList& args, int* exitCode)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    QStringList argv{QStringLiteral("astro")};
    argv << args;
    if (!parser.parse(argv)) {
        s.console->err(QStringLiteral("Error: %1\nRun 'astro %2 --help' for usage.\n").arg(parser.errorText(), commandPath));
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        // Replace Qt's "Usage: <binary> [options]" line by ours.
        const int eol = text.indexOf(QLatin1Char('\n'));
        text = QStringLiteral("%1\n\nUsage:\n  astro %2 %3\n").arg(description, commandPath, usage) + text.mid(eol);
        s.console->out(text);
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

QString humanDuration(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    auto unit = [](qint64 n, const char* one, const char* many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    if (seconds < 90)
        return unit(seconds, "second", "seconds");
    const qint64 minutes = (seconds + 30) / 60;
    if (minutes < 60)
        return unit(minutes, "minute", "minutes");
    const qint64 hours = (seconds + 1800) / 3600;
    if (hours < 48)
        return unit(hours, "hour", "hours");
    return unit((seconds + 43200) / 86400, "day", "days");
}

} // namespace astro
