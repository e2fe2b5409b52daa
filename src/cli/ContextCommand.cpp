#include "CommandSupport.h"
#include "Commands.h"
#include "PlaintextMigration.h"
#include "core/DisplayText.h"
#include "refresh/FreshToken.h"

#include <QCoreApplication>
#include <QVector>

namespace astro {

namespace {
// `context list|switch|delete`: `args` starts with the sub-command (the table's dispatch has
// checked it).
int runContext(Services& s, const QStringList& args)
{
    const QString sub = args.value(0);
    QCommandLineParser parser;
    int code = ExitOk;
    const QStringList rest = args.mid(1);
    Config config;
    if (sub == QLatin1String("list")) {
        const QCommandLineOption names(
            QStringLiteral("names"),
            QCoreApplication::translate("ContextCommand", "Print only the domains, one per line."));
        parser.addOption(names);
        if (!parseCommandLine(
                s, parser, QStringLiteral("context list"), QStringLiteral("[--names]"),
                QCoreApplication::translate("ContextCommand",
                                            "List the contexts; the current one is marked with *."),
                rest, &code) ||
            !checkArgumentCount(s, parser, QStringLiteral("context list"), 0, &code))
            return code;
        // --names feeds the shell completions, which discard stderr and must not wait for a
        // keychain or a server: it reads only the domains, and leaves the take-over of
        // astro-cli's plaintext tokens to the commands people run.
        if (Error e = parser.isSet(names) ? s.config->read(&config) : readConfig(s, &config))
            return fail(s, e);
        const QStringList keys = config.contextKeys();
        if (parser.isSet(names)) {
            for (const QString& k : keys)
                s.console->out((config.context(k).domain.isEmpty() ? k : config.context(k).domain) +
                               QLatin1Char('\n'));
            return ExitOk;
        }
        // Columns as wide as their widest cell (display width: CJK takes two columns).
        QList<QStringList> rows{{QStringLiteral("#"),
                                 QCoreApplication::translate("ContextCommand", "CONTEXT DOMAIN"),
                                 QCoreApplication::translate("ContextCommand", "USER"),
                                 QCoreApplication::translate("ContextCommand", "WORKSPACE")}};
        int i = 0;
        for (const QString& k : keys) {
            const ContextInfo c = config.context(k);
            const bool current = k == config.currentContext();
            rows.append(
                {QString::number(++i) + (current ? QStringLiteral("*") : QString()),
                 displaySafeLine(c.domain.isEmpty() ? k : c.domain),
                 c.userEmail.isEmpty() ? QStringLiteral("-") : displaySafeLine(c.userEmail),
                 c.workspace.isEmpty() ? QStringLiteral("-") : displaySafeLine(c.workspace)});
        }
        QVector<int> widths{3, 0, 0, 0};
        for (const QStringList& row : rows) {
            for (int col = 0; col < 3; ++col)
                widths[col] = qMax(widths[col], displayWidth(row[col]));
        }
        QString table;
        for (const QStringList& row : rows)
            table += QStringLiteral(" %1 %2 %3 %4\n")
                         .arg(padToWidth(row[0], widths[0]), padToWidth(row[1], widths[1]),
                              padToWidth(row[2], widths[2]), row[3]);
        if (keys.isEmpty())
            table = QCoreApplication::translate(
                "ContextCommand", "No contexts yet. Run 'astro login DOMAIN' to create one.\n");
        s.console->out(table);
        return ExitOk;
    }
    parser.addPositionalArgument(
        QStringLiteral("DOMAIN"),
        QCoreApplication::translate("ContextCommand", "The context's domain."));
    if (!parseCommandLine(
            s, parser, QStringLiteral("context ") + sub, QStringLiteral("DOMAIN"),
            sub == QLatin1String("switch")
                ? QCoreApplication::translate("ContextCommand",
                                              "Make DOMAIN's context the current one.")
                : QCoreApplication::translate(
                      "ContextCommand", "Delete DOMAIN's context and its stored credentials."),
            rest, &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return fail(s, Error::make(ExitUsage, QCoreApplication::translate(
                                                  "ContextCommand", "context %1 takes one DOMAIN.")
                                                  .arg(sub)));
    Domain domain;
    if (Error e = parseDomainArgument(domainArgument(parser), &domain))
        return fail(s, e);
    if (Error e = readConfig(s, &config))
        return fail(s, e);
    const QString key = domain.contextKey();
    if (!config.hasContext(key))
        return fail(s, Error::make(ExitFailure,
                                   QCoreApplication::translate(
                                       "ContextCommand",
                                       "no context for %1. Run 'astro context list' to see them, "
                                       "or 'astro login %1'.")
                                       .arg(domain.name())));
    if (sub == QLatin1String("switch")) {
        if (Error e = s.config->update([&](Config& c) { c.setCurrentContext(key); }))
            return fail(s, e);
        s.console->out(
            QCoreApplication::translate("ContextCommand", "Switched to the %1 context.\n")
                .arg(domain.name()));
        return ExitOk;
    }
    Error storeError;
    CredentialStore* store = s.store(&storeError);
    if (!store)
        return fail(s, storeError);
    // What is deleted is revoked first (RFC 7009), as logout does, under the domain's login
    // lock; the lean astro hands the command over for that (it talks to the server).
    const Error locked = withLoginLock(s, domain, 60000, [&]() -> Error {
        Credentials creds;
        const StoreResult found = store->read(domain.name(), &creds);
        if (!found.ok() && found.status != StoreStatus::NotFound)
            return Error::make(ExitStore, found.message);
        if (found.ok()) {
            if (!s.revokeTokens)
                return Error::make(ExitHandOver, QString());
            reportRevocation(s, s.revokeTokens(domain, creds), true);
        }
        const StoreResult removed = store->remove(domain.name());
        if (!removed.ok())
            return Error::make(ExitStore, QCoreApplication::translate(
                                              "ContextCommand",
                                              "could not delete the credentials of %1: %2; the "
                                              "context was kept.")
                                              .arg(domain.name(), removed.message));
        return Error::none();
    });
    if (locked)
        return fail(s, locked);
    if (Error e = s.config->update([&](Config& c) {
            c.removeContext(key);
            if (c.currentContext() == key)
                c.setCurrentContext(QString());
        }))
        return fail(s, e);
    s.console->out(
        QCoreApplication::translate("ContextCommand", "Successfully deleted context: %1\n")
            .arg(domain.name()));
    return ExitOk;
}
} // namespace

int runContextList(Services& s, const QStringList& args)
{
    return runContext(s, QStringList{QStringLiteral("list")} + args);
}
int runContextSwitch(Services& s, const QStringList& args)
{
    return runContext(s, QStringList{QStringLiteral("switch")} + args);
}
int runContextDelete(Services& s, const QStringList& args)
{
    return runContext(s, QStringList{QStringLiteral("delete")} + args);
}

} // namespace astro
