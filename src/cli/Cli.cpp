#include "CommandSupport.h"
#include "Commands.h"
#include "core/DisplayText.h"

#include <QCoreApplication>

namespace astro {
namespace {

// Translated where it is printed (context "Cli").
const char* const kIntro =
    QT_TRANSLATE_NOOP("Cli", "astro-auth: log in to Astro and keep the credentials in the OS "
                             "keychain.");
const char* const kOutro = QT_TRANSLATE_NOOP(
    "Cli", R"(Run 'astro help <command>' or 'astro <command> --help' for the flags of a command.
Environment: ASTRO_HOME, ASTRO_DOMAIN, ASTRO_API_TOKEN, ASTRO_CREDENTIAL_STORE=auto|keychain|file,
ASTRO_KEYCHAIN_TIMEOUT, ASTRO_HTTP_TIMEOUT, ASTRO_LOGIN_TIMEOUT (seconds), ASTRO_CALLBACK_PORT,
ASTRO_LANG=de|fr|ja|en.
)");

int runVersion(Services& s, const QStringList& args)
{
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parseCommandLine(s, parser, QStringLiteral("version"), QStringLiteral("[flags]"),
                          QCoreApplication::translate("Cli", "Print the version of astro-auth."),
                          args, &code) ||
        !checkArgumentCount(s, parser, QStringLiteral("version"), 0, &code))
        return code;
    s.console->out(QStringLiteral("astro-auth %1\n").arg(QCoreApplication::applicationVersion()));
    return ExitOk;
}

int runGroup(Services& s, const QString& group, const QStringList& args);
int runAuth(Services& s, const QStringList& args)
{
    return runGroup(s, QStringLiteral("auth"), args);
}
int runContextGroup(Services& s, const QStringList& args)
{
    return runGroup(s, QStringLiteral("context"), args);
}
int runHelp(Services& s, const QStringList& args); // `astro help [COMMAND...]`

// The commands: the help, the dispatch and the suggestions for a mistyped command all read
// this one table. A group ("auth", "context") runs the entries whose `group` it is.
const QVector<CommandInfo>& table()
{
    static const QVector<CommandInfo> commands{
        {"", "auth", "<command>",
         QT_TRANSLATE_NOOP("Cli", "Log in and out, print or hand on a token, show the status"),
         runAuth, false},
        {"auth", "login", "[DOMAIN]",
         QT_TRANSLATE_NOOP("Cli", "Log in (--token-login TOKEN|-|@FILE for pipelines)"), runLogin,
         true},
        {"auth", "logout", "[DOMAIN]",
         QT_TRANSLATE_NOOP("Cli", "Revoke the tokens and delete them here"), runLogout, true},
        {"auth", "token", "", QT_TRANSLATE_NOOP("Cli", "Print a valid access token on stdout"),
         runToken, true},
        {"auth", "status", "[DOMAIN]",
         QT_TRANSLATE_NOOP("Cli", "Show who is logged in, and where the secret lives"), runStatus,
         true},
        {"auth", "exec", "-- COMMAND",
         QT_TRANSLATE_NOOP("Cli", "Run COMMAND with a fresh token in ASTRO_API_TOKEN"), runExec,
         true},
        {"auth", "configure-docker", "",
         QT_TRANSLATE_NOOP("Cli", "Let Docker use docker-credential-astro for Astro's registry"),
         runConfigureDocker, true},
        {"", "login", "[DOMAIN]", QT_TRANSLATE_NOOP("Cli", "Shortcut for 'auth login'"), runLogin,
         true},
        {"", "logout", "[DOMAIN]", QT_TRANSLATE_NOOP("Cli", "Shortcut for 'auth logout'"),
         runLogout, true},
        {"", "context", "<command>",
         QT_TRANSLATE_NOOP("Cli", "Manage the contexts (one per domain): list, switch, delete"),
         runContextGroup, true},
        {"context", "list", "[--names]",
         QT_TRANSLATE_NOOP("Cli", "List the contexts; --names prints only the domains"),
         runContextList, true},
        {"context", "switch", "DOMAIN", QT_TRANSLATE_NOOP("Cli", "Make DOMAIN's context current"),
         runContextSwitch, true},
        {"context", "delete", "DOMAIN",
         QT_TRANSLATE_NOOP("Cli", "Delete DOMAIN's context and its stored credentials"),
         runContextDelete, true},
        {"", "completion", "SHELL",
         QT_TRANSLATE_NOOP("Cli", "Print a completion script (bash, zsh, fish, powershell)"),
         runCompletion, true},
        {"", "version", "", QT_TRANSLATE_NOOP("Cli", "Print the version"), runVersion, true},
        {"", "help", "[COMMAND]", QT_TRANSLATE_NOOP("Cli", "Show the help of a command"), runHelp,
         true},
    };
    return commands;
}

const CommandInfo* find(const QString& group, const QString& name)
{
    for (const CommandInfo& c : table()) {
        if (group == QLatin1String(c.group) && name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

// "  login [DOMAIN]    Log in ...": the entries' names and synopses in one aligned column.
QString commandLines(const QList<QPair<QString, const CommandInfo*>>& rows)
{
    int width = 0;
    for (const auto& r : rows)
        width = qMax(width, displayWidth(r.first));
    QString text;
    for (const auto& r : rows)
        text += QStringLiteral("  %1  %2\n")
                    .arg(padToWidth(r.first, width),
                         QCoreApplication::translate("Cli", r.second->summary));
    return text;
}

QString entryTitle(const CommandInfo& c, const QString& prefix)
{
    QString title = prefix + QLatin1String(c.name);
    if (*c.synopsis)
        title += QLatin1Char(' ') + QLatin1String(c.synopsis);
    return title;
}

QString globalHelp()
{
    // The auth commands one by one (they are what people come for), then the others.
    QList<QPair<QString, const CommandInfo*>> rows;
    for (const CommandInfo& c : table()) {
        if (QLatin1String(c.group) == QLatin1String("auth"))
            rows.append({entryTitle(c, QStringLiteral("auth ")), &c});
    }
    for (const CommandInfo& c : table()) {
        if (!*c.group && c.listedInGlobalHelp)
            rows.append({entryTitle(c, QString()), &c});
    }
    return QCoreApplication::translate("Cli", kIntro) + QStringLiteral("\n\n") +
           QCoreApplication::translate("Cli", "Usage:\n  astro <command> [flags]\n\nCommands:\n") +
           commandLines(rows) + QLatin1Char('\n') + QCoreApplication::translate("Cli", kOutro);
}

QString groupHelp(const QString& group)
{
    QList<QPair<QString, const CommandInfo*>> rows;
    for (const CommandInfo& c : table()) {
        if (group == QLatin1String(c.group))
            rows.append({entryTitle(c, QString()), &c});
    }
    const QString description =
        group == QLatin1String("auth")
            ? QCoreApplication::translate("Cli", "Log in to Astro, log out, print a token or hand "
                                                 "it to another program, or show who is logged "
                                                 "in.")
            : QCoreApplication::translate("Cli",
                                          "Manage Astro contexts (one per domain) in config.yaml.");
    return QCoreApplication::translate(
               "Cli", "%1\n\nUsage:\n  astro %2 <command> [flags]\n\nCommands:\n%3\nRun 'astro "
                      "%2 <command> --help' for the flags of a command.\n")
        .arg(description, group, commandLines(rows));
}

int unknownCommand(Services& s, const QString& group, const QString& typed)
{
    const QString suggestion = commandSuggestion(typed, commandNames(group));
    const QString shown = displaySafeLine(typed.left(80));
    QString message;
    if (group.isEmpty())
        message =
            QCoreApplication::translate("Cli", "unknown command \"%1\".%2 Run 'astro --help'.")
                .arg(shown, suggestion);
    else if (group == QLatin1String("auth"))
        message = QCoreApplication::translate(
                      "Cli", "unknown command \"auth %1\".%2 Run 'astro auth --help'.")
                      .arg(shown, suggestion);
    else
        message = QCoreApplication::translate("Cli",
                                              "unknown command \"%1 %2\".%3 Run 'astro %1 --help'.")
                      .arg(group, shown, suggestion);
    return fail(s, Error::make(ExitUsage, message));
}

int runGroup(Services& s, const QString& group, const QStringList& args)
{
    const QString sub = args.value(0);
    if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h") ||
        sub == QLatin1String("help")) {
        s.console->out(groupHelp(group));
        return ExitOk;
    }
    if (const CommandInfo* c = find(group, sub))
        return c->run(s, args.mid(1));
    return unknownCommand(s, group, sub);
}

int runHelp(Services& s, const QStringList& args)
{
    if (args.isEmpty()) {
        s.console->out(globalHelp());
        return ExitOk;
    }
    return runCli(s, args + QStringList{QStringLiteral("--help")}); // `help login`: login's help
}

} // namespace

const QVector<CommandInfo>& commandTable()
{
    return table();
}

QStringList commandNames(const QString& group)
{
    QStringList names;
    for (const CommandInfo& c : table()) {
        if (group == QLatin1String(c.group))
            names << QLatin1String(c.name);
    }
    return names;
}

int runCli(Services& s, const QStringList& argv)
{
    const QString first = argv.value(0);
    if (first.isEmpty() || first == QLatin1String("--help") || first == QLatin1String("-h")) {
        s.console->out(globalHelp());
        return first.isEmpty() ? ExitUsage : ExitOk;
    }
    if (first == QLatin1String("--version"))
        return runVersion(s, argv.mid(1));
    if (const CommandInfo* c = find(QString(), first))
        return c->run(s, argv.mid(1));
    return unknownCommand(s, QString(), first);
}

} // namespace astro
