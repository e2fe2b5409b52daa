#include "CommandSupport.h"
#include "Commands.h"
#include "PlaintextMigration.h"
#include "core/DisplayText.h"
#include "core/Jwt.h"
#include "refresh/FreshToken.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace astro {
namespace {

const char* const kLabels[] = {QT_TRANSLATE_NOOP("StatusCommand", "User"),
                               QT_TRANSLATE_NOOP("StatusCommand", "Organization"),
                               QT_TRANSLATE_NOOP("StatusCommand", "Workspace"),
                               QT_TRANSLATE_NOOP("StatusCommand", "Token"),
                               QT_TRANSLATE_NOOP("StatusCommand", "Refresh"),
                               QT_TRANSLATE_NOOP("StatusCommand", "Stored in"),
                               QT_TRANSLATE_NOOP("StatusCommand", "Problem"),
                               QT_TRANSLATE_NOOP("StatusCommand", "Product")};
enum Label { User, Organization, Workspace, TokenLabel, Refresh, StoredIn, Problem, ProductLabel };

// "  Label:  value" lines whose values start in one column: 14 wide for the English labels,
// wider for longer translations (display width: a Japanese label is twice its length).
class Lines
{
public:
    Lines()
    {
        for (const char* l : kLabels)
            m_width = qMax(m_width, displayWidth(label(l)) + 2);
    }
    void add(Label key, const QString& value)
    {
        m_text += QStringLiteral("  %1 %2\n")
                      .arg(padToWidth(label(kLabels[key]) + QLatin1Char(':'), m_width),
                           value.isEmpty() ? QStringLiteral("-") : value);
    }
    QString& text() { return m_text; }

private:
    static QString label(const char* source)
    {
        return QCoreApplication::translate("StatusCommand", source);
    }
    int m_width = 14;
    QString m_text;
};

QString expiryText(const QDateTime& now, const QDateTime& expiresAt)
{
    if (!expiresAt.isValid())
        return QCoreApplication::translate("StatusCommand", "no known expiry");
    const qint64 left = now.secsTo(expiresAt);
    return left > 0 ? QCoreApplication::translate("StatusCommand", "expires %1 (in %2)")
                          .arg(expiresAt.toString(Qt::ISODate), humanDuration(left))
                    : QCoreApplication::translate("StatusCommand", "expired %1")
                          .arg(expiresAt.toString(Qt::ISODate));
}

// ASTRO_API_TOKEN wins in `auth token`: say that it is in use, and what its claims say
// (not verified: only the server can).
int environmentStatus(Services& s, const QString& token, bool json)
{
    JwtClaims claims;
    const bool isJwt = decodeJwtClaims(token, &claims);
    QString user = claims.email();
    if (user.isEmpty())
        user = claims.claims.value(QStringLiteral("sub")).toString();
    user = displaySafeLine(user.left(200));
    const QDateTime expiresAt = claims.expiresAt();
    const QDateTime now = s.now();
    const bool expired = expiresAt.isValid() && now.secsTo(expiresAt) <= 0;
    if (json) {
        QJsonObject o;
        o.insert(QStringLiteral("source"), QStringLiteral("ASTRO_API_TOKEN"));
        o.insert(QStringLiteral("logged_in"), !expired);
        o.insert(QStringLiteral("user_email"), user);
        o.insert(QStringLiteral("expires_at"),
                 expiresAt.isValid() ? expiresAt.toString(Qt::ISODate) : QString());
        o.insert(QStringLiteral("expired"), expired);
        s.console->out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return expired ? ExitFailure : ExitOk;
    }
    Lines lines;
    lines.text() = QCoreApplication::translate(
        "StatusCommand",
        "ASTRO_API_TOKEN is set: 'astro auth token' prints it, not a stored login.\n");
    lines.add(User, isJwt ? user
                          : QCoreApplication::translate("StatusCommand",
                                                        "unknown (the token is not a JWT)"));
    lines.add(TokenLabel, isJwt ? expiryText(now, expiresAt) : QString());
    if (expired)
        lines.text() += QCoreApplication::translate(
            "StatusCommand", "  The token expired. Set a new ASTRO_API_TOKEN, or unset it to use "
                             "the stored login.\n");
    s.console->out(lines.text());
    return expired ? ExitFailure : ExitOk;
}

} // namespace

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
    if (Error e = checkDomainArgument(domainArgument(parser)))
        return fail(s, e);
    QString fromEnv;
    if (Error e = tokenFromEnvironment(s, &fromEnv))
        return fail(s, e);
    if (!fromEnv.isEmpty())
        return environmentStatus(s, fromEnv, parser.isSet(jsonOpt));

    Config config;
    if (Error e = readConfig(s, &config))
        return fail(s, e);
    Domain domain;
    if (Error e = resolveDomain(s, domainArgument(parser), config, false, &domain)) {
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
    // Issue 11: a token astro-cli left in plain text that the store could not take.
    const QString plaintextProblem = plaintextTokenProblem(s, config, domain.contextKey());
    const bool current = config.currentContext() == domain.contextKey();
    auto jsonOf = [&](bool loggedIn, Product product) {
        QJsonObject o;
        o.insert(QStringLiteral("domain"), domain.name());
        o.insert(QStringLiteral("current_context"), current);
        o.insert(QStringLiteral("logged_in"), loggedIn);
        o.insert(QStringLiteral("product"), productName(product));
        o.insert(QStringLiteral("user_email"), ctx.userEmail);
        o.insert(QStringLiteral("organization"), ctx.organization);
        o.insert(QStringLiteral("workspace"), ctx.workspace);
        o.insert(QStringLiteral("plaintext_token_in_config"), !plaintextProblem.isEmpty());
        if (!plaintextProblem.isEmpty())
            o.insert(QStringLiteral("problem"), plaintextProblem);
        return o;
    };
    if (!r.ok() && r.status != StoreStatus::NotFound) {
        if (parser.isSet(jsonOpt)) { // the answer still, with what went wrong
            QJsonObject o = jsonOf(false, domain.product());
            o.insert(QStringLiteral("credential_store_error"), r.message);
            s.console->out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        }
        if (!plaintextProblem.isEmpty())
            return fail(s, Error::make(ExitStore,
                                       QCoreApplication::translate("StatusCommand", "%1\nAlso, %2")
                                           .arg(r.message, plaintextProblem)));
        return fail(s, Error::make(ExitStore, r.message));
    }
    const bool found = r.ok();
    QString refreshProblem;
    QString notRefreshed; // the refresh failed, but the current token is still in use
    if (found) {
        bool refreshed = false;
        if (Error e = ensureFreshCredentials(s, domain, store, &creds, &refreshed, &notRefreshed)) {
            if (e.code == ExitStore || e.code == ExitConfig || e.code == ExitHandOver)
                return fail(s, e);
            refreshProblem = e.message;
        }
    }
    const QDateTime now = s.now();
    const bool expired = found && creds.expiresWithin(now, 0);
    const bool usable = found && !expired && refreshProblem.isEmpty();
    const Product product = found ? creds.product : domain.product();

    if (parser.isSet(jsonOpt)) {
        QJsonObject o = jsonOf(usable, product);
        if (found) {
            o.insert(QStringLiteral("expires_at"),
                     creds.expiresAt.isValid() ? creds.expiresAt.toString(Qt::ISODate) : QString());
            o.insert(QStringLiteral("expired"), expired);
            o.insert(QStringLiteral("refreshable"), creds.canRefresh());
            o.insert(QStringLiteral("credential_store"), store->location());
            if (!refreshProblem.isEmpty())
                o.insert(QStringLiteral("problem"), refreshProblem);
            if (!notRefreshed.isEmpty())
                o.insert(QStringLiteral("refresh_problem"), notRefreshed);
        }
        s.console->out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return usable ? ExitOk : ExitFailure;
    }

    Lines lines;
    QString& text = lines.text();
    text = QStringLiteral("%1%2\n").arg(
        domain.name(),
        current ? QCoreApplication::translate("StatusCommand", " (current context)") : QString());
    if (!found) {
        text += QCoreApplication::translate(
                    "StatusCommand", "  Not logged in. Run 'astro login %1' to authenticate.\n")
                    .arg(domain.name());
        if (!plaintextProblem.isEmpty())
            text += QCoreApplication::translate("StatusCommand", "  Problem:      %1\n")
                        .arg(plaintextProblem);
        s.console->out(text);
        return ExitFailure;
    }
    if (product == Product::Apc) // Astro's output stays astro-cli's
        lines.add(ProductLabel,
                  QCoreApplication::translate("StatusCommand", "Astro Private Cloud (apc)"));
    lines.add(User, ctx.userEmail);
    lines.add(Organization, ctx.organization);
    lines.add(Workspace, ctx.workspace);
    lines.add(TokenLabel, expiryText(now, creds.expiresAt));
    lines.add(
        Refresh,
        product == Product::Apc
            ? QCoreApplication::translate("StatusCommand",
                                          "not possible (APC tokens cannot be refreshed)")
        : creds.canRefresh()
            ? QCoreApplication::translate("StatusCommand", "possible (refresh token stored)")
            : QCoreApplication::translate("StatusCommand", "not possible (no refresh token)"));
    lines.add(StoredIn, store->location());
    if (!refreshProblem.isEmpty())
        lines.add(Problem, refreshProblem);
    else if (!notRefreshed.isEmpty())
        lines.add(Problem, QCoreApplication::translate(
                               "StatusCommand", "could not refresh the token (the current one "
                                                "is used until it expires): %1")
                               .arg(notRefreshed));
    else if (!usable)
        text += QCoreApplication::translate(
                    "StatusCommand",
                    "  The token expired. Run 'astro login %1' to authenticate again.\n")
                    .arg(domain.name());
    if (!plaintextProblem.isEmpty())
        text += QCoreApplication::translate("StatusCommand", "  Problem:      %1\n")
                    .arg(plaintextProblem);
    s.console->out(text);
    return usable ? ExitOk : ExitFailure;
}

} // namespace astro
