#include "CommandSupport.h"
#include "Commands.h"
#include "FreshToken.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace astro {

int runStatus(Services& s, const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("DOMAIN"),
        QCoreApplication::translate("StatusCommand", "Domain to check (default: the current "
                                                     "context)."),
        QStringLiteral("[DOMAIN]"));
    const QCommandLineOption jsonOpt(
        QStringLiteral("json"),
        QCoreApplication::translate("StatusCommand", "Print the status as JSON."));
    parser.addOption(jsonOpt);
    int code = ExitOk;
    if (!parseCommandLine(
            s, parser, QStringLiteral("auth status"), QStringLiteral("[DOMAIN] [--json]"),
            QCoreApplication::translate(
                "StatusCommand",
                "Show who is logged in where, and where the credentials live. Exit 0 when a "
                "usable token exists, 1 otherwise."),
            args, &code) ||
        !checkArgumentCount(s, parser, QStringLiteral("auth status"), 1, &code))
        return code;

    Config config;
    if (Error e = s.config->read(&config))
        return fail(s, e);
    Domain domain;
    if (Error e = resolveDomain(s, parser.positionalArguments().value(0), config, false, &domain)) {
        if (e.code != ExitFailure)
            return fail(s, e);
        if (parser.isSet(jsonOpt))
            s.console->out(QStringLiteral("{\"logged_in\":false}\n"));
        else
            s.console->out(QCoreApplication::translate(
                "StatusCommand", "Not logged in. Run 'astro login' to authenticate.\n"));
        return ExitFailure;
    }
    Error storeError;
    CredentialStore* store = s.store(&storeError);
    if (!store)
        return fail(s, storeError);

    const ContextInfo ctx = config.context(domain.contextKey());
    Credentials creds;
    const StoreResult r = store->read(domain.name(), &creds);
    if (!r.ok() && r.status != StoreStatus::NotFound)
        return fail(s, Error::make(ExitStore, r.message));
    const bool found = r.ok();
    QString refreshProblem;
    if (found) {
        bool refreshed = false;
        if (Error e = ensureFreshCredentials(s, domain, store, &creds, &refreshed)) {
            if (e.code == ExitStore || e.code == ExitConfig || e.code == ExitHandOver)
                return fail(s, e);
            refreshProblem = e.message;
        }
    }
    const QDateTime now = s.now();
    const bool expired = found && creds.expiresWithin(now, 0);
    const bool usable = found && !expired && refreshProblem.isEmpty();
    const bool current = config.currentContext() == domain.contextKey();

    if (parser.isSet(jsonOpt)) {
        QJsonObject o;
        o.insert(QStringLiteral("domain"), domain.name());
        o.insert(QStringLiteral("current_context"), current);
        o.insert(QStringLiteral("logged_in"), usable);
        o.insert(QStringLiteral("user_email"), ctx.userEmail);
        o.insert(QStringLiteral("organization"), ctx.organization);
        o.insert(QStringLiteral("workspace"), ctx.workspace);
        if (found) {
            o.insert(QStringLiteral("expires_at"),
                     creds.expiresAt.isValid() ? creds.expiresAt.toString(Qt::ISODate) : QString());
            o.insert(QStringLiteral("expired"), expired);
            o.insert(QStringLiteral("refreshable"), creds.canRefresh());
            o.insert(QStringLiteral("credential_store"), store->location());
            if (!refreshProblem.isEmpty())
                o.insert(QStringLiteral("problem"), refreshProblem);
        }
        s.console->out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return usable ? ExitOk : ExitFailure;
    }

    auto label = [](const char* source) {
        return QCoreApplication::translate("StatusCommand", source);
    };
    QString text = QStringLiteral("%1%2\n").arg(
        domain.name(),
        current ? QCoreApplication::translate("StatusCommand", " (current context)") : QString());
    if (!found) {
        text += QCoreApplication::translate(
                    "StatusCommand", "  Not logged in. Run 'astro login %1' to authenticate.\n")
                    .arg(domain.name());
        s.console->out(text);
        return ExitFailure;
    }
    const char* const labels[] = {QT_TRANSLATE_NOOP("StatusCommand", "User"),
                                  QT_TRANSLATE_NOOP("StatusCommand", "Organization"),
                                  QT_TRANSLATE_NOOP("StatusCommand", "Workspace"),
                                  QT_TRANSLATE_NOOP("StatusCommand", "Token"),
                                  QT_TRANSLATE_NOOP("StatusCommand", "Refresh"),
                                  QT_TRANSLATE_NOOP("StatusCommand", "Stored in")};
    // Values start in one column: 14 wide for the English labels, wider for longer translations.
    int width = 14;
    for (const char* l : labels)
        width = qMax(width, int(label(l).size()) + 2);
    auto line = [&](const char* key, const QString& value) {
        text += QStringLiteral("  %1 %2\n")
                    .arg(label(key) + QLatin1Char(':'), -width)
                    .arg(value.isEmpty() ? QStringLiteral("-") : value);
    };
    line(labels[0], ctx.userEmail);
    line(labels[1], ctx.organization);
    line(labels[2], ctx.workspace);
    if (creds.expiresAt.isValid()) {
        const qint64 left = now.secsTo(creds.expiresAt);
        line(labels[3], left > 0
                            ? QCoreApplication::translate("StatusCommand", "expires %1 (in %2)")
                                  .arg(creds.expiresAt.toString(Qt::ISODate), humanDuration(left))
                            : QCoreApplication::translate("StatusCommand", "expired %1")
                                  .arg(creds.expiresAt.toString(Qt::ISODate)));
    } else {
        line(labels[3], QCoreApplication::translate("StatusCommand", "no known expiry"));
    }
    line(labels[4],
         creds.canRefresh()
             ? QCoreApplication::translate("StatusCommand", "possible (refresh token stored)")
             : QCoreApplication::translate("StatusCommand", "not possible (no refresh token)"));
    line(labels[5], store->location());
    if (!refreshProblem.isEmpty())
        text += QCoreApplication::translate("StatusCommand", "  Problem:      %1\n")
                    .arg(refreshProblem);
    else if (!usable)
        text += QCoreApplication::translate(
                    "StatusCommand",
                    "  The token expired. Run 'astro login %1' to authenticate again.\n")
                    .arg(domain.name());
    s.console->out(text);
    return usable ? ExitOk : ExitFailure;
}

} // namespace astro
