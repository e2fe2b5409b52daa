#include "CommandSupport.h"

#include "core/DisplayText.h"

#include <QCoreApplication>
#include <QVector>

namespace astro {

int fail(Services& s, const Error& e)
{
    if (e.code == ExitHandOver)
        return ExitHandOver; // not a failure: astro-network runs the command again
    // As astro prints its errors: "Error: " and the message as it is.
    s.console->err(QCoreApplication::translate("CommandSupport", "Error: %1\n").arg(e.message));
    return e.code == ExitOk ? ExitFailure : e.code;
}

DomainArgument domainArgument(const QCommandLineParser& parser, int index)
{
    const QStringList positional = parser.positionalArguments();
    if (index >= positional.size())
        return {};
    return {positional.at(index), QStringLiteral("DOMAIN")};
}

DomainArgument domainArgument(const QCommandLineParser& parser, const QCommandLineOption& option)
{
    if (!parser.isSet(option))
        return {};
    const QStringList names = option.names();
    return {parser.value(option), QStringLiteral("--") + names.last()};
}

Error checkDomainArgument(const DomainArgument& argument)
{
    if (!argument.given() || !argument.text.trimmed().isEmpty())
        return Error::none();
    return Error::make(
        ExitUsage, argument.name.startsWith(QLatin1Char('-'))
                       ? QCoreApplication::translate("CommandSupport",
                                                     "%1 needs a domain, not an empty value.")
                             .arg(argument.name)
                       : QCoreApplication::translate("CommandSupport", "the %1 argument is empty.")
                             .arg(argument.name));
}

Error parseDomainArgument(const DomainArgument& argument, Domain* out)
{
    if (Error e = checkDomainArgument(argument))
        return e;
    QString why;
    if (!Domain::parse(argument.text, out, &why))
        return Error::make(ExitUsage, why);
    return Error::none();
}

Error resolveDomain(Services& s, const QString& explicitDomain, const Config& config,
                    bool allowDefault, Domain* out, Product loopbackProduct)
{
    DomainArgument argument;
    if (!explicitDomain.isEmpty())
        argument = {explicitDomain, QStringLiteral("DOMAIN")};
    return resolveDomain(s, argument, config, allowDefault, out, loopbackProduct);
}

Error resolveDomain(Services& s, const DomainArgument& argument, const Config& config,
                    bool allowDefault, Domain* out, Product loopbackProduct)
{
    if (Error e = checkDomainArgument(argument))
        return e;
    QString raw = argument.given() ? argument.text : QString();
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
        return Error::make(
            ExitFailure,
            QCoreApplication::translate(
                "CommandSupport", "no token found. Please run 'astro login' to authenticate"));
    QString why;
    if (!Domain::parse(raw, out, &why, loopbackProduct))
        return Error::make(ExitUsage, why);
    if (out->isLoopback() && !out->isApc() &&
        config.context(out->contextKey()).product == QLatin1String("apc"))
        Domain::parse(raw, out, &why, Product::Apc);
    return Error::none();
}

bool parseCommandLine(Services& s, QCommandLineParser& parser, const QString& commandPath,
                      const QString& usage, const QString& description, const QStringList& args,
                      int* exitCode)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("CommandSupport", "Show this help."));
    parser.addOption(help);
    QStringList argv{QStringLiteral("astro")};
    argv << args;
    if (!parser.parse(argv)) {
        s.console->err(QCoreApplication::translate("CommandSupport",
                                                   "Error: %1\nRun 'astro %2 --help' for usage.\n")
                           .arg(parser.errorText(), commandPath));
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        // Replace Qt's "Usage: <binary> [options]" line by ours.
        const int eol = text.indexOf(QLatin1Char('\n'));
        // Qt's section titles are English (Qt's own translations are not loaded): ours.
        QString rest = text.mid(eol + 1); // starts with Qt's blank line; ours ends the usage line
        rest.replace(QStringLiteral("\nOptions:\n"),
                     QLatin1Char('\n') + QCoreApplication::translate("CommandSupport", "Options:") +
                         QLatin1Char('\n'));
        rest.replace(QStringLiteral("\nArguments:\n"),
                     QLatin1Char('\n') +
                         QCoreApplication::translate("CommandSupport", "Arguments:") +
                         QLatin1Char('\n'));
        QString usageLine = usage;
        usageLine.replace(QStringLiteral("[flags]"),
                          QCoreApplication::translate("CommandSupport", "[flags]"));
        text = QCoreApplication::translate("CommandSupport", "%1\n\nUsage:\n  astro %2 %3\n")
                   .arg(description, commandPath, usageLine) +
               rest;
        s.console->out(text);
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

Error tokenFromEnvironment(const Services& s, QString* token)
{
    const QString value = s.env.value(QStringLiteral("ASTRO_API_TOKEN"));
    for (const QChar c : value) {
        const ushort u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f))
            return Error::make(ExitUsage,
                               QCoreApplication::translate(
                                   "CommandSupport",
                                   "ASTRO_API_TOKEN must be one token on one line, without line "
                                   "breaks or other control characters. Set it again, or unset "
                                   "it to use the stored login."));
    }
    *token = value.trimmed();
    return Error::none();
}

bool checkArgumentCount(Services& s, const QCommandLineParser& parser, const QString& commandPath,
                        int max, int* exitCode)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() <= max)
        return true;
    const QString why =
        max == 0 ? QCoreApplication::translate("CommandSupport",
                                               "'astro %1' takes no arguments, not \"%2\".")
                       .arg(commandPath, displaySafeLine(positional.first().left(80)))
                 : QCoreApplication::translate("CommandSupport",
                                               "'astro %1' takes at most %2 argument(s), not %3.")
                       .arg(commandPath)
                       .arg(max)
                       .arg(positional.size());
    s.console->err(QCoreApplication::translate("CommandSupport",
                                               "Error: %1\nRun 'astro %2 --help' for usage.\n")
                       .arg(why, commandPath));
    *exitCode = ExitUsage;
    return false;
}

namespace {
// Levenshtein distance, case-insensitive, as cobra computes it for suggestions.
int editDistance(const QString& a, const QString& b)
{
    const QString x = a.toLower(), y = b.toLower();
    QVector<int> row(int(y.size()) + 1);
    for (int j = 0; j <= y.size(); ++j)
        row[j] = j;
    for (int i = 1; i <= x.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= y.size(); ++j) {
            const int above = row[j];
            row[j] =
                qMin(qMin(row[j] + 1, row[j - 1] + 1), diagonal + (x[i - 1] == y[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[int(y.size())];
}
} // namespace

QString commandSuggestion(const QString& typed, const QStringList& commands)
{
    if (typed.isEmpty() || typed.startsWith(QLatin1Char('-')) || typed.size() > 64)
        return QString();
    QStringList close;
    for (const QString& c : commands) {
        if (editDistance(typed, c) <= 2 || c.startsWith(typed, Qt::CaseInsensitive))
            close << QLatin1Char('\'') + c + QLatin1Char('\'');
    }
    if (close.isEmpty())
        return QString();
    return QLatin1Char(' ') +
           QCoreApplication::translate("CommandSupport", "Did you mean %1?")
               .arg(close.join(QCoreApplication::translate("CommandSupport", " or ")));
}

void reportRevocation(Services& s, const Revocation& r, bool toStdout)
{
    // The texts of logout, which reported revocations first (context "LogoutCommand").
    switch (r.outcome) {
    case Revocation::Houston:
        s.console->err(QCoreApplication::translate(
            "LogoutCommand", "Houston offers no token revocation: there is nothing to revoke "
                             "there, and the token stays valid until it expires.\n"));
        return;
    case Revocation::NotOffered:
        s.console->err(QCoreApplication::translate(
            "LogoutCommand",
            "The server offers no token revocation; the tokens stay valid until they "
            "expire.\n"));
        return;
    case Revocation::Failed:
        s.console->err(QCoreApplication::translate(
                           "LogoutCommand",
                           "Warning: could not revoke the tokens at the server (%1); they stay "
                           "valid until they expire. The local credentials are deleted anyway.\n")
                           .arg(r.error));
        return;
    case Revocation::Revoked:
        break;
    }
    const QString what =
        r.accessToken && r.refreshToken
            ? QCoreApplication::translate("LogoutCommand", "access and refresh tokens")
        : r.refreshToken ? QCoreApplication::translate("LogoutCommand", "refresh token")
                         : QCoreApplication::translate("LogoutCommand", "access token");
    const QString text =
        QCoreApplication::translate("LogoutCommand", "Revoked the %1 at %2.\n").arg(what, r.host);
    if (toStdout)
        s.console->out(text);
    else
        s.console->err(text);
}

QString humanDuration(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    // The unit words are translated one by one (English has no "%n"-style plural here, and
    // the untranslated text must stay exactly "1 hour", "2 days").
    auto unit = [](qint64 n, const char* one, const char* many) {
        //: A number and its unit, as in "5 minutes" (%1 the number, %2 the unit).
        return QCoreApplication::translate("CommandSupport", "%1 %2")
            .arg(n)
            .arg(QCoreApplication::translate("CommandSupport", n == 1 ? one : many));
    };
    if (seconds < 90)
        return unit(seconds, QT_TRANSLATE_NOOP("CommandSupport", "second"),
                    QT_TRANSLATE_NOOP("CommandSupport", "seconds"));
    const qint64 minutes = (seconds + 30) / 60;
    if (minutes < 60)
        return unit(minutes, QT_TRANSLATE_NOOP("CommandSupport", "minute"),
                    QT_TRANSLATE_NOOP("CommandSupport", "minutes"));
    const qint64 hours = (seconds + 1800) / 3600;
    if (hours < 48)
        return unit(hours, QT_TRANSLATE_NOOP("CommandSupport", "hour"),
                    QT_TRANSLATE_NOOP("CommandSupport", "hours"));
    return unit((seconds + 43200) / 86400, QT_TRANSLATE_NOOP("CommandSupport", "day"),
                QT_TRANSLATE_NOOP("CommandSupport", "days"));
}

} // namespace astro
