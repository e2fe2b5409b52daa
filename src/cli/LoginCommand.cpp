#include "CommandSupport.h"
#include "Commands.h"
#include "auth/Session.h"
#include "auth/TokenLogin.h"

#include <QFile>

namespace astro {
namespace {

const char* const kSetWorkspaceExample = "\nNo default workspace detected, you can list workspaces with \n\tastro "
                                         "workspace list\nand set your default workspace with \n\tastro workspace "
                                         "switch [WORKSPACEID]\n\n";

// TOKEN, "-" (stdin) or "@FILE".
Error readTokenArgument(Services& s, const QString& arg, QString* raw)
{
    if (arg == QLatin1String("-")) {
        *raw = s.console->readAll();
        return Error::none();
    }
    if (arg.startsWith(QLatin1Char('@'))) {
        const QString path = arg.mid(1);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Error::make(ExitUsage, QStringLiteral("Cannot read the token file %1: %2").arg(path, f.errorString()));
        *raw = QString::fromUtf8(f.read(64 * 1024));
        return Error::none();
    }
    if (s.console->stdinIsTerminal())
        s.console->err(QStringLiteral("Note: a token on the command line is visible to other users (ps) and in your "
                                      "shell history; prefer '--token-login -' (stdin) or '--token-login @FILE'.\n"));
    *raw = arg;
    return Error::none();
}

// A numbered prompt, as astro's workspace switch menu. Returns false when nothing was chosen.
bool promptWorkspace(Services& s, SessionInfo* session)
{
    s.console->out(QStringLiteral("\nPlease choose a workspace:\n"));
    for (int i = 0; i < session->workspaces.size(); ++i)
        s.console->out(QStringLiteral(" %1. %2 (%3)\n")
                           .arg(i + 1)
                           .arg(session->workspaces[i].name, session->workspaces[i].id));
    for (int attempt = 0; attempt < 3; ++attempt) {
        s.console->out(QStringLiteral("\n> "));
        QString line;
        if (!s.console->readLine(&line))
            return false;
        bool ok = false;
        const int n = line.trimmed().toInt(&ok);
        if (ok && n >= 1 && n <= session->workspaces.size()) {
            session->workspace = session->workspaces[n - 1];
            return true;
        }
        s.console->err(QStringLiteral("Please enter a number between 1 and %1.\n").arg(session->workspaces.size()));
    }
    return false;
}

} // namespace

int runLogin(Services& s, const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DOMAIN"), QStringLiteral("Astro domain to log in to (default: the "
                                                                           "current context, else astronomer.io)."),
                                 QStringLiteral("[DOMAIN]"));
    const QCommandLineOption tokenOpt({QStringLiteral("t"), QStringLiteral("token-login")},
                                      QStringLiteral("Log in with an access token instead of a browser. TOKEN is the "
                                                     "token, '-' to read it from stdin, or '@FILE'."),
                                      QStringLiteral("TOKEN"));
    parser.addOption(tokenOpt);
    int code = ExitOk;
    if (!parseCommandLine(s, parser, QStringLiteral("login"), QStringLiteral("[DOMAIN] [flags]"),
                          QStringLiteral("Log in to Astro. Credentials are kept in the OS keychain."), args, &code))
        return code;
    if (parser.positionalArguments().size() > 1)
        return fail(s, Error::make(ExitUsage, QStringLiteral("login takes at most one DOMAIN.")));
    if (!parser.isSet(tokenOpt))
        return fail(s, Error::make(ExitUsage, QStringLiteral("browser login is not available in this build yet; use "
                                                             "'astro login --token-login -' with a token on stdin.")));

    Config config;
    if (Error e = s.config->read(&config))
        return fail(s, e);
    Domain domain;
    if (Error e = resolveDomain(s, parser.positionalArguments().value(0), config, true, &domain))
        return fail(s, e);

    QString raw, token;
    if (Error e = readTokenArgument(s, parser.value(tokenOpt), &raw))
        return fail(s, e);
    if (Error e = normalizeToken(raw, &token))
        return fail(s, e);

    CredentialStore* store = nullptr;
    {
        Error e;
        store = s.store(&e);
        if (!store)
            return fail(s, e);
    }

    s.console->out(QStringLiteral("Welcome to the Astro CLI \U0001F680\n"
                                  "To learn more about Astro, go to https://www.astronomer.io/docs\n"));
    const Http http(s.network(), s.httpTimeoutMs);
    const AstroPlatform platform(http, domain);
    AuthConfig authConfig;
    if (Error e = platform.fetchAuthConfig(&authConfig))
        return fail(s, e);
    OidcEndpoints endpoints;
    if (Error e = platform.discover(authConfig, &endpoints))
        return fail(s, e);

    LoginResult result;
    if (Error e = tokenLogin(platform, endpoints, token, s.now(), &result))
        return fail(s, e);
    const qint64 left = s.now().secsTo(result.credentials.expiresAt);
    s.console->out(QStringLiteral("You are logging into Astro via an OAuth token\nThis token will expire in %1%2 and "
                                  "will not refresh\n")
                       .arg(humanDuration(left),
                            result.expiryFromToken ? QString() : QStringLiteral(" (assumed: the token carries no expiry)")));
    s.console->out(QStringLiteral("Logging in as %1\n").arg(result.user.email));

    const ContextInfo previous = config.context(domain.contextKey());
    SessionInfo session;
    if (Error e = loadSession(platform, token, previous.organization, previous.lastUsedWorkspace, &session))
        return fail(s, e);
    s.console->out(QStringLiteral("\nUsing the \"%1\" Organization.\n").arg(session.organization.name));
    if (session.needsChoice() && s.console->canPrompt())
        promptWorkspace(s, &session);
    if (!session.workspace.id.isEmpty())
        s.console->out(QStringLiteral("\n\"%1\" Workspace found. This is your default Workspace.\n").arg(session.workspace.name));
    else if (!session.workspaces.isEmpty())
        s.console->out(QString::fromLatin1(kSetWorkspaceExample));

    // Only now, after every check passed: store the secret, then switch the context.
    Credentials previousCredentials;
    const bool hadPrevious = store->read(domain.name(), &previousCredentials).ok();
    const StoreResult stored = store->write(domain.name(), result.credentials);
    if (!stored.ok())
        return fail(s, Error::make(ExitStore, QStringLiteral("%1 Nothing was changed.").arg(stored.message)));
    const QString key = domain.contextKey();
    Error e = s.config->update([&](Config& c) {
        c.setContextField(key, QStringLiteral("domain"), domain.name());
        c.setContextField(key, QStringLiteral("user_email"), result.user.email);
        c.setContextField(key, QStringLiteral("organization"), session.organization.id);
        c.setContextField(key, QStringLiteral("organization_product"),
                          session.organization.product.isEmpty() ? QStringLiteral("HOSTED") : session.organization.product);
        c.setContextField(key, QStringLiteral("workspace"), session.workspace.id);
        if (!session.workspace.id.isEmpty())
            c.setContextField(key, QStringLiteral("last_used_workspace"), session.workspace.id);
        c.setCurrentContext(key);
    });
    if (e) {
        // Put back what was there: a failed login must not lose the previous one.
        if (hadPrevious)
            store->write(domain.name(), previousCredentials);
        else
            store->remove(domain.name());
        return fail(s, e);
    }
    s.console->out(QStringLiteral("\nSuccessfully authenticated to Astronomer\n"));
    return ExitOk;
}

} // namespace astro
