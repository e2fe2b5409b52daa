// `astro login`: the presentation of the login core (src/login) on a terminal. Options come
// from parseLoginOptions; prompts and the one wait from LoginPrompts; everything that talks
// to the server, and the save, from LoginCore.
#include "CommandSupport.h"
#include "Commands.h"
#include "LoginPrompts.h"
#include "PlaintextMigration.h"
#include "auth/DeviceLogin.h"
#include "auth/PastedInput.h"
#include "auth/TokenLogin.h"
#include "login/BrowserSession.h"
#include "login/LoginCore.h"
#include "login/LoginOptions.h"
#include "platform/GuiLauncher.h"
#include "platform/Headless.h"
#include "platform/QrCode.h"

#include <QCoreApplication>

namespace astro {

// Texts of this file for Qt Linguist (context "LoginCommand").
struct LoginText
{
    Q_DECLARE_TR_FUNCTIONS(LoginCommand)
};
namespace {

const char* const kSetWorkspaceExample = QT_TRANSLATE_NOOP(
    "LoginCommand", "\nNo default workspace detected, you can list workspaces with \n\tastro "
                    "workspace list\nand set your default workspace with \n\tastro workspace "
                    "switch [WORKSPACEID]\n\n");

using Method = LoginOptions::Method;

// The browser half of `astro login`: the link or the browser, the paste-back prompt, the
// wait. Prints progress; stores nothing.
Error runBrowser(Services& s, const LoginCore& core, const LoginOptions& o, bool linkOnly,
                 LoginOutcome* out)
{
    BrowserSession session(core);
    int ignored = 0; // the first few are reported; a flood is only counted
    QObject::connect(&session, &BrowserSession::requestRejected, [&](const QString& reason) {
        if (++ignored <= 10)
            s.console->err(
                LoginText::tr("Ignored a request to the login listener: %1.\n").arg(reason));
    });
    QObject::connect(&session, &BrowserSession::callbackAccepted,
                     [&] { s.console->err(LoginText::tr("Login received; finishing…\n")); });
    QString listenerProblem;
    // With a link, a paste can finish the login: a busy port is no reason to stop.
    const bool canPaste = linkOnly && s.console->canPrompt();
    if (Error e = session.start(o.callbackPort, canPaste, &listenerProblem)) {
        if (linkOnly && session.listenerPortInUse()) // the link was asked for: no paste here
            return Error::make(
                ExitNetwork,
                LoginText::tr("Port %1 on localhost is already in use, so the login callback "
                              "cannot be received, and without a terminal the address cannot be "
                              "pasted instead. Run it in a terminal, or use '--callback-port 0' "
                              "for any free port.")
                    .arg(o.callbackPort));
        return e;
    }
    if (!listenerProblem.isEmpty())
        s.console->err(LoginText::tr("The login listener could not start on port %1, so the "
                                     "browser cannot hand the login back by itself. Go on with "
                                     "the paste below.\n")
                           .arg(o.callbackPort));
    const QString url = session.url().toString(QUrl::FullyEncoded);

    Wait wait;
    wait.session = &session;
    wait.timeoutSecs = o.timeoutSecs;
    wait.timeoutMessage = LoginText::tr("the operation has timed out: no login arrived within %1 "
                                        "s. Run 'astro login' again, or use '--token-login'.")
                              .arg(o.timeoutSecs);
    std::shared_ptr<void> handoff; // the page the browser is given; removed on return
    if (linkOnly) {
        s.console->out(
            LoginText::tr("\nPlease visit the following link on a device with a browser: %1\n\n")
                .arg(url));
        if (canPaste) {
            s.console->err(LoginText::tr(
                "After you log in, the browser goes to a localhost address that may not load "
                "on that device. Paste that whole address here (or a token) and press "
                "Enter:\n> "));
            wait.onLine = [&](const QString& line) {
                QString problem;
                switch (session.paste(line, &problem)) {
                case BrowserSession::Paste::Empty:
                    s.console->err(QStringLiteral("> "));
                    break;
                case BrowserSession::Paste::Rejected:
                    s.console->err(problem + QLatin1Char('\n'));
                    s.console->err(LoginText::tr("Paste the address (or a token):\n> "));
                    break;
                case BrowserSession::Paste::Accepted:
                case BrowserSession::Paste::Finished:
                    break;
                }
                return false; // the session's end ends the wait
            };
        }
    } else {
        if (s.console->canPrompt()) {
            QString enter;
            if (Error e = promptLine(
                    s, LoginText::tr("\nPress Enter to open the browser to log in or ^C to quit…"),
                    false, false, &enter))
                return e;
        }
        if (!s.openBrowser || !s.openBrowser(session.url(), &handoff))
            s.console->out(
                LoginText::tr("\nUnable to open the URL, please visit the following link: %1\n\n")
                    .arg(url));
        else // an opener can succeed and show nothing: never strand the user
            s.console->out(
                LoginText::tr(
                    "\nIf the browser did not open, please visit the following link: %1\n\n")
                    .arg(url));
        s.console->err(
            LoginText::tr("Waiting for login to complete in browser… (up to %1 s, ^C to cancel)\n")
                .arg(o.timeoutSecs));
    }
    const Error waited = waitFor(s, wait);
    session.close();
    if (ignored > 10)
        s.console->err(
            LoginText::tr("Ignored %1 requests to the login listener in all.\n").arg(ignored));
    if (waited)
        return waited;
    *out = session.outcome();
    return session.error();
}

Error runDevice(Services& s, const LoginCore& core, LoginOutcome* out)
{
    DeviceSession session(core);
    QObject::connect(
        &session, &DeviceSession::authorizationReady, [&](const DeviceAuthorization& a) {
            s.console->out(LoginText::tr("\nTo log in, open %1 on any device and "
                                         "enter the code:\n\n    %2\n\n")
                               .arg(a.verificationUri.toString(), a.userCode));
            if (!a.verificationUriComplete.isEmpty()) {
                const QString complete = a.verificationUriComplete.toString(QUrl::FullyEncoded);
                s.console->out(LoginText::tr("Or open this address, which carries the code: "
                                             "%1\n")
                                   .arg(complete));
                if (s.console->stdoutIsTerminal() && s.console->showsUnicode()) {
                    const QString qr = platform::renderQrCode(complete);
                    if (!qr.isEmpty())
                        s.console->out(QLatin1Char('\n') + qr);
                }
            }
            s.console->err(LoginText::tr("Only enter a code that you started yourself. Waiting "
                                         "for approval… (the code expires in %1, ^C to "
                                         "cancel)\n")
                               .arg(humanDuration(a.expiresInSecs)));
        });
    QObject::connect(&session, &DeviceSession::slowedDown, [&](int secs) {
        s.console->err(
            LoginText::tr("The server asked to poll more slowly: every %1 s now.\n").arg(secs));
    });
    if (Error e = session.start())
        return e;
    Wait wait;
    wait.session = &session;
    if (Error e = waitFor(s, wait))
        return e;
    *out = session.outcome();
    return session.error();
}

// Astro Private Cloud: a username and password (local auth), else an OAuth token pasted
// from Houston's token page (opened in the browser on a desktop). Prints and prompts; the
// checks are the core's.
Error runApc(Services& s, const LoginCore& core, const LoginOptions& o, LoginOutcome* out)
{
    if (o.method == Method::Device)
        return Error::make(ExitUsage,
                           LoginText::tr("Astro Private Cloud offers no device-code login. Log "
                                         "in with a username and password, with --oauth, or "
                                         "with --token-login."));
    const HoustonAuthConfig& config = core.houstonConfig();
    bool oauth = o.oauth || o.method == Method::Link;
    const Error oauthDisabled =
        config.localEnabled
            ? Error::make(ExitFailure,
                          LoginText::tr("cannot authenticate, oauth is disabled. Log in with a "
                                        "username and password, or with --token-login."))
            : Error::make(ExitFailure,
                          LoginText::tr("cannot authenticate, oauth is disabled (and so is "
                                        "local authentication at %1). Ask your Astro "
                                        "Private Cloud administrator, or log in with "
                                        "--token-login.")
                              .arg(core.domain().name()));
    if (!oauth && !config.localEnabled) {
        if (config.providers.isEmpty())
            return oauthDisabled;
        s.console->err(LoginText::tr("Local authentication (username and password) is disabled "
                                     "at %1: log in with OAuth.\n")
                           .arg(core.domain().name()));
        oauth = true;
    }
    if (!oauth) {
        QString username;
        if (Error e = promptLine(s, LoginText::tr("Username (leave blank for oAuth): "), false,
                                 false, &username))
            return e;
        username = username.trimmed();
        if (!username.isEmpty()) {
            QString password;
            const Error e = promptLine(s, LoginText::tr("Password: "), true, false, &password);
            if (e)
                return e;
            return core.passwordLogin(username, password, out);
        }
    }
    if (config.providers.isEmpty())
        return oauthDisabled;
    const QUrl page = core.domain().tokenPageUrl();
    bool openBrowser = o.method == Method::Browser;
    if (o.method == Method::Auto)
        openBrowser = !platform::detectHeadless(s.env, s.machineFacts ? s.machineFacts()
                                                                      : platform::MachineFacts())
                           .headless;
    std::shared_ptr<void> handoff;
    if (openBrowser && s.openBrowser)
        s.openBrowser(page, &handoff);
    s.console->out(LoginText::tr("\nPlease visit the following URL, authenticate and paste "
                                 "token in next prompt\n%1\n\n")
                       .arg(page.toString(QUrl::FullyEncoded)));
    // The paste as Astro's paste prompt reads it (blanks and quotes around it stripped); a
    // malformed one is never sent, and asked for again, three tries in all (as the workspace
    // prompt).
    Error malformed;
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (malformed)
            s.console->err(malformed.message + QLatin1Char('\n'));
        QString raw;
        if (Error e = promptLine(s, LoginText::tr("oAuth Token: "), true, true, &raw))
            return e;
        QString token;
        malformed = normalizeToken(unquotePaste(raw), &token);
        if (!malformed && !HoustonClient::isHoustonToken(token))
            malformed = HoustonClient::malformedToken(core.domain());
        if (!malformed)
            return core.checkToken(token, out);
    }
    return malformed;
}

// After any successful flow: who is it, organization, workspace; then store and switch.
int finishLogin(Services& s, const LoginCore& core, const Config& config, CredentialStore* store,
                const LoginOutcome& outcome)
{
    const bool apc = core.domain().isApc();
    if (outcome.fromToken && apc)
        s.console->out(
            LoginText::tr("This Astro Private Cloud token will expire in %1 and will "
                          "not refresh\n")
                .arg(outcome.credentials.expiresAt.isValid()
                         ? humanDuration(core.now().secsTo(outcome.credentials.expiresAt))
                         : LoginText::tr("an unknown time")));
    else if (outcome.fromToken)
        s.console->out(
            LoginText::tr(
                "You are logging into Astro via an OAuth token\nThis token will expire in %1%2 "
                "and will not refresh\n")
                .arg(humanDuration(core.now().secsTo(outcome.credentials.expiresAt)),
                     outcome.expiryFromToken
                         ? QString()
                         : LoginText::tr(" (assumed: the token carries no expiry)")));
    s.console->out(LoginText::tr("Logging in as %1\n").arg(outcome.email));
    // Another account than this context's last one: someone else's login link, or a
    // mistake. Say it plainly (the login goes on: switching accounts is legitimate).
    const QString previous = config.context(core.domain().contextKey()).userEmail;
    if (!previous.isEmpty() && previous.compare(outcome.email, Qt::CaseInsensitive) != 0)
        s.console->err(LoginText::tr("Warning: you are logging in as %1, but the last login to %2 "
                                     "was as %3. If that is not the account you meant, run 'astro "
                                     "logout' and log in again.\n")
                           .arg(outcome.email, core.domain().name(), previous));
    SessionInfo session;
    if (Error e = core.loadSession(config, outcome, &session))
        return fail(s, e);
    if (!apc) // APC has no organizations
        s.console->out(
            LoginText::tr("\nUsing the \"%1\" Organization.\n").arg(session.organization.name));
    if (session.needsChoice() && s.console->canPrompt())
        if (Error e = promptWorkspace(s, &session))
            return fail(s, e);
    if (!session.workspace.id.isEmpty())
        s.console->out(LoginText::tr("\n\"%1\" Workspace found. This is your default Workspace.\n")
                           .arg(session.workspace.name));
    else if (!session.workspaces.isEmpty())
        s.console->out(LoginText::tr(kSetWorkspaceExample));
    else if (apc)
        s.console->out(LoginText::tr("\nYou are not a member of any Workspace yet. Ask a "
                                     "Workspace admin to add you, or create one with \n\tastro "
                                     "workspace create\n\n"));

    // Only now, after every check passed: store the secret, then switch the context.
    if (Error e = core.save(store, outcome, session))
        return fail(s, e);
    s.console->out(LoginText::tr("\nSuccessfully authenticated to Astronomer\n"));
    return ExitOk;
}

} // namespace

int runLogin(Services& s, const QStringList& args)
{
    LoginOptions o;
    if (Error e = parseLoginOptions(args, s.env, &o)) {
        s.console->err(QCoreApplication::translate("CommandSupport",
                                                   "Error: %1\nRun 'astro %2 --help' for usage.\n")
                           .arg(e.message, QStringLiteral("login")));
        return e.code;
    }
    if (o.help) {
        LoginCommandLine cl;
        int code = ExitOk;
        parseCommandLine(s, cl.parser, QStringLiteral("login"), QStringLiteral("[DOMAIN] [flags]"),
                         LoginText::tr("Log in to Astro in your browser (or with --token-login). "
                                       "Credentials are kept in the OS keychain."),
                         {QStringLiteral("--help")}, &code);
        return code;
    }

    Config config;
    if (Error e = readConfig(s, &config))
        return fail(s, e);
    Domain domain;
    if (Error e = resolveDomain(s, o.domain, config, true, &domain,
                                o.apc ? Product::Apc : Product::Astro))
        return fail(s, e);
    if (o.apc && !domain.isApc())
        return fail(
            s, Error::make(ExitUsage, LoginText::tr("--apc is for a local domain (localhost or "
                                                    "127.0.0.1); %1 is an Astro domain.")
                                          .arg(domain.name())));
    if (o.oauth && !domain.isApc())
        return fail(
            s, Error::make(ExitUsage, LoginText::tr("--oauth is for Astro Private Cloud; %1 is an "
                                                    "Astro domain (use --apc for a local Astro "
                                                    "Private Cloud).")
                                          .arg(domain.name())));
    if (o.gui) {
        if (domain.isApc())
            return fail(
                s, Error::make(ExitUsage, LoginText::tr("the login window logs in to Astro only; "
                                                        "log in to Astro Private Cloud (%1) here, "
                                                        "without --gui.")
                                              .arg(domain.name())));
        QString why;
        if (!platform::displayReachable(s.env, &why))
            return fail(s, Error::make(ExitFailure,
                                       LoginText::tr("the login window needs a display (%1). Log "
                                                     "in here without --gui, or with "
                                                     "--login-link.")
                                           .arg(why)));
        if (!s.runLoginWindow)
            return fail(s, Error::make(ExitFailure, LoginText::tr("the login window is not "
                                                                  "available here.")));
        return s.runLoginWindow(args);
    }

    QString token;
    if (o.method == Method::Token) {
        QString raw;
        if (Error e = readTokenArgument(s, o.tokenArgument, &raw))
            return fail(s, e);
        if (Error e = normalizeToken(raw, &token))
            return fail(s, e);
    }

    Error storeError;
    CredentialStore* store = s.store(&storeError);
    if (!store)
        return fail(s, storeError);

    s.console->out(
        LoginText::tr("Welcome to the Astro CLI%1\n"
                      "To learn more about Astro, go to https://www.astronomer.io/docs\n")
            .arg(s.console->showsUnicode() ? QString::fromUtf8(" \xF0\x9F\x9A\x80") : QString()));
    LoginCore core(s, domain);
    if (Error e = core.prepare())
        return fail(s, e);

    LoginOutcome outcome;
    if (o.method == Method::Token) {
        if (Error e = core.checkToken(token, &outcome))
            return fail(s, e);
    } else if (domain.isApc()) {
        if (Error e = runApc(s, core, o, &outcome))
            return fail(s, e);
    } else if (o.method == Method::Device) {
        if (Error e = runDevice(s, core, &outcome))
            return fail(s, e);
    } else {
        bool linkOnly = o.method == Method::Link;
        if (o.method == Method::Auto) {
            const platform::HeadlessVerdict headless = platform::detectHeadless(
                s.env, s.machineFacts ? s.machineFacts() : platform::MachineFacts());
            if (headless.headless) {
                linkOnly = true;
                s.console->err(
                    LoginText::tr("No browser can be opened here: %1. Showing a link instead (use "
                                  "--browser to try anyway%2).\n")
                        .arg(headless.reason,
                             core.offersDeviceCode()
                                 ? LoginText::tr(", or --device-code to log in with a code")
                                 : QString()));
            }
        }
        if (Error e = runBrowser(s, core, o, linkOnly, &outcome))
            return fail(s, e);
    }
    return finishLogin(s, core, config, store, outcome);
}

} // namespace astro
