#include "CommandSupport.h"
#include "Commands.h"
#include "FreshToken.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace astro {

int runStatus(Services& s, const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DOMAIN"), QStringLiteral("Domain to check (default: the current "
                                                                           "context)."),
                                 QStringLiteral("[DOMAIN]"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print the status as JSON."));
    parser.addOption(jsonOpt);
    int code = ExitOk;
    if (!parseCommandLine(s, parser, QStringLiteral("auth status"), QStringLiteral("[DOMAIN] [--json]"),
                          QStringLiteral("Show who is logged in where, and where the credentials live. Exit 0 when a "
                                         "usable token exists, 1 otherwise."),
                          args, &code))
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
            s.console->out(QStringLiteral("Not logged in. Run 'astro login' to authenticate.\n"));
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
            if (e.code == ExitStore || e.code == ExitConfig)
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

    QString text = QStringLiteral("%1%2\n").arg(domain.name(), current ? QStringLiteral(" (current context)") : QString());
    if (!found) {
        text += QStringLiteral("  Not logged in. Run 'astro login %1' to authenticate.\n").arg(domain.name());
        s.console->out(text);
        return ExitFailure;
    }
    auto line = [&](const QString& label, const QString& value) {
        text += QStringLiteral("  %1 %2\n").arg(label + QLatin1Char(':'), -14).arg(value.isEmpty() ? QStringLiteral("-") : value);
    };
    line(QStringLiteral("User"), ctx.userEmail);
    line(QStringLiteral("Organization"), ctx.organization);
    line(QStringLiteral("Workspace"), ctx.workspace);
    if (creds.expiresAt.isValid()) {
        const qint64 left = now.secsTo(creds.expiresAt);
        line(QStringLiteral("Token"), left > 0 ? QStringLiteral("expires %1 (in %2)")
                                                     .arg(creds.expiresAt.toString(Qt::ISODate), humanDuration(left))
                                               : QStringLiteral("expired %1").arg(creds.expiresAt.toString(Qt::ISODate)));
    } else {
        line(QStringLiteral("Token"), QStringLiteral("no known expiry"));
    }
    line(QStringLiteral("Refresh"), creds.canRefresh() ? QStringLiteral("possible (refresh token stored)")
                                                       : QStringLiteral("not possible (no refresh token)"));
    line(QStringLiteral("Stored in"), store->location());
    if (!refreshProblem.isEmpty())
        text += QStringLiteral("  Problem:      %1\n").arg(refreshProblem);
    else if (!usable)
        text += QStringLiteral("  The token expired. Run 'astro login %1' to authenticate again.\n").arg(domain.name());
    s.console->out(text);
    return usable ? ExitOk : ExitFailure;
}

} // namespace astro
