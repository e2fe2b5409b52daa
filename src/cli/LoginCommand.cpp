#include "CommandSupport.h"
#include "Commands.h"
#include "LoginSteps.h"
#include "auth/BrowserLogin.h"
#include "auth/DeviceLogin.h"
#include "auth/LoginPages.h"
#include "auth/LoopbackReplyHandler.h"
#include "auth/PastedInput.h"
#include "auth/Session.h"
#include "auth/TokenLogin.h"
#include "platform/Browser.h"
#include "platform/Headless.h"
#include "platform/Interrupt.h"
#include "platform/QrCode.h"
#include "platform/StdinReader.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <memory>

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
            return Error::make(
                ExitUsage,
                LoginText::tr("Cannot read the token file %1: %2").arg(path, f.errorString()));
        *raw = QString::fromUtf8(f.read(64 * 1024));
        return Error::none();
    }
    if (s.console->stdinIsTerminal())
        s.console->err(LoginText::tr(
            "Note: a token on the command line is visible to other users (ps) and in your "
            "shell history; prefer '--token-login -' (stdin) or '--token-login @FILE'.\n"));
    *raw = arg;
    return Error::none();
}

// A numbered prompt, as astro's workspace switch menu. Returns false when nothing was chosen.
bool promptWorkspace(Services& s, SessionInfo* session)
{
    s.console->out(LoginText::tr("\nPlease choose a workspace:\n"));
    for (int i = 0; i < session->workspaces.size(); ++i)
        s.console->out(LoginText::tr(" %1. %2 (%3)\n")
                           .arg(i + 1)
                           .arg(session->workspaces[i].name, session->workspaces[i].id));
    for (int attempt = 0; attempt < 3; ++attempt) {
        s.console->out(LoginText::tr("\n> "));
        QString line;
        if (!s.console->readLine(&line))
            return false;
        bool ok = false;
        const int n = line.trimmed().toInt(&ok);
        if (ok && n >= 1 && n <= session->workspaces.size()) {
            session->workspace = session->workspaces[n - 1];
            return true;
        }
        s.console->err(LoginText::tr("Please enter a number between 1 and %1.\n")
                           .arg(session->workspaces.size()));
    }
    return false;
}

struct BrowserOptions
{
    quint16 port = 12345;
    int timeoutSecs = 300;
    bool linkOnly = false; // --login-link: print the URL, open nothing, accept a pasted result
};

// The browser half of `astro login`: listener, browser hand-off, wait. Prints progress;
// stores nothing.
// With --login-link, the user may paste a token instead: it is checked at userinfo while
// the prompt is still open (a rejected one is explained and the prompt asks again), and
// the accepted login comes back in *pastedLogin.
Error runBrowserLogin(Services& s, const AstroPlatform& platform, const AuthConfig& authConfig,
                      const OidcEndpoints& endpoints, const BrowserOptions& options,
                      Credentials* out, LoginResult* pastedLogin)
{
    LoopbackReplyHandler listener;
    const LoginPages pages = LoginPages::build();
    listener.setPages(pages.success, pages.failure, pages.rejected);
    QString why;
    if (!listener.listen(options.port, &why))
        return Error::make(ExitNetwork, why);

    BrowserLogin flow(s.network(), authConfig, endpoints, &listener);
    Error result = Error::make(ExitFailure, QString());
    bool done = false;
    QEventLoop loop;
    QObject::connect(&flow, &BrowserLogin::succeeded, &loop, [&](const Credentials& c) {
        *out = c;
        result = Error::none();
        done = true;
        loop.quit();
    });
    QObject::connect(&flow, &BrowserLogin::failed, &loop, [&](const Error& e) {
        result = e;
        done = true;
        loop.quit();
    });
    int ignored = 0; // the first few are reported; a flood is only counted
    QObject::connect(
        &listener, &LoopbackReplyHandler::requestRejected, &loop, [&](const QString& reason) {
            if (++ignored <= 10)
                s.console->err(
                    LoginText::tr("Ignored a request to the login listener: %1.\n").arg(reason));
        });
    QObject::connect(&flow, &BrowserLogin::callbackAccepted, &loop,
                     [&] { s.console->err(LoginText::tr("Login received; finishing…\n")); });
    flow.start();
    const QUrl url = flow.authorizationUrl();

    std::unique_ptr<platform::StdinLineReader> reader;
    platform::BrowserHandoff handoff; // the page the browser is given; removed on return
    bool pasted = false;   // the result came from the prompt: no browser will fetch a page
    bool checking = false; // a pasted token is being checked at userinfo
    if (options.linkOnly) {
        s.console->out(
            LoginText::tr("\nPlease visit the following link on a device with a browser: %1\n\n")
                .arg(url.toString(QUrl::FullyEncoded)));
        if (s.console->canPrompt()) {
            s.console->err(LoginText::tr(
                "After you log in, the browser goes to a localhost address that may not load "
                "on that device. Paste that whole address here (or a token) and press "
                "Enter:\n> "));
            auto ask = [&s] {
                s.console->err(LoginText::tr("Paste the address (or a token):\n> "));
            };
            reader = std::make_unique<platform::StdinLineReader>();
            QObject::connect(reader.get(), &platform::StdinLineReader::lineRead, &loop,
                             [&, ask](const QString& line) {
                                 if (done || checking || line.isEmpty())
                                     return;
                                 const PastedInput in = classifyPaste(line);
                                 QString problem = in.problem;
                                 if (in.kind == PastedInput::Kind::Token) {
                                     checking = true;
                                     LoginResult r;
                                     const Error e =
                                         tokenLogin(platform, endpoints, in.token, s.now(), &r);
                                     checking = false;
                                     if (done) // the listener won meanwhile
                                         return;
                                     if (e.ok()) {
                                         *pastedLogin = r;
                                         pasted = true;
                                         result = Error::none();
                                         done = true;
                                         loop.quit();
                                         return;
                                     }
                                     problem = e.message;
                                 }
                                 if (in.kind == PastedInput::Kind::Callback) {
                                     if (listener.acceptPastedCallback(in.params, &problem)) {
                                         pasted = true;
                                         return; // the flow takes it from here
                                     }
                                     problem =
                                         LoginText::tr("That address does not belong to this login "
                                                       "(%1). Paste the address "
                                                       "from the browser window of this login.")
                                             .arg(problem);
                                 }
                                 s.console->err(problem + QLatin1Char('\n'));
                                 ask();
                             });
        }
    } else {
        if (s.console->canPrompt()) {
            s.console->out(
                LoginText::tr("\nPress Enter to open the browser to log in or ^C to quit…"));
            QString enter;
            s.console->readLine(&enter);
        }
        QString how;
        if (!platform::openBrowser(url, s.env, s.desktopOpener, &handoff, &how))
            s.console->out(
                LoginText::tr("\nUnable to open the URL, please visit the following link: %1\n\n")
                    .arg(url.toString(QUrl::FullyEncoded)));
        else // an opener can succeed and show nothing: never strand the user
            s.console->out(
                LoginText::tr(
                    "\nIf the browser did not open, please visit the following link: %1\n\n")
                    .arg(url.toString(QUrl::FullyEncoded)));
        s.console->err(
            LoginText::tr("Waiting for login to complete in browser… (up to %1 s, ^C to cancel)\n")
                .arg(options.timeoutSecs));
    }

    platform::InterruptWatcher interrupts;
    bool interrupted = false, timedOut = false;
    QObject::connect(&interrupts, &platform::InterruptWatcher::interrupted, &loop, [&] {
        interrupted = true;
        loop.quit();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    timeout.start(options.timeoutSecs * 1000);
    if (!done)
        loop.exec();

    if (done && !pasted) {
        // Let the browser fetch the final page before the listener goes away.
        QEventLoop pageLoop;
        QObject::connect(&listener, &LoopbackReplyHandler::finalPageServed, &pageLoop,
                         &QEventLoop::quit);
        QTimer::singleShot(3000, &pageLoop, &QEventLoop::quit);
        pageLoop.exec();
    }
    listener.close();
    if (ignored > 10)
        s.console->err(
            LoginText::tr("Ignored %1 requests to the login listener in all.\n").arg(ignored));
    if (interrupted && !done)
        return Error::make(ExitInterrupted, LoginText::tr("login cancelled; nothing was saved."));
    if (timedOut && !done)
        return Error::make(
            ExitFailure,
            LoginText::tr("the operation has timed out: no login arrived within %1 s. Run "
                          "'astro login' again, or use '--token-login'.")
                .arg(options.timeoutSecs));
    return result;
}

// After any successful login: who is it, organization, workspace; then store and switch.
int completeLogin(Services& s, const Domain& domain, const AstroPlatform& platform,
                  const Config& config, CredentialStore* store, const Credentials& credentials,
                  const QString& email)
{
    s.console->out(LoginText::tr("Logging in as %1\n").arg(email));
    // Another account than this context's last one: someone else's login link, or a
    // mistake. Say it plainly (the login goes on: switching accounts is legitimate).
    const QString previous = config.context(domain.contextKey()).userEmail;
    if (!previous.isEmpty() && previous.compare(email, Qt::CaseInsensitive) != 0)
        s.console->err(LoginText::tr("Warning: you are logging in as %1, but the last login to %2 "
                                     "was as %3. If that is not the account you meant, run 'astro "
                                     "logout' and log in again.\n")
                           .arg(email, domain.name(), previous));
    SessionInfo session;
    if (Error e = loadSessionFor(platform, config, domain, credentials, &session))
        return fail(s, e);
    s.console->out(
        LoginText::tr("\nUsing the \"%1\" Organization.\n").arg(session.organization.name));
    if (session.needsChoice() && s.console->canPrompt())
        promptWorkspace(s, &session);
    if (!session.workspace.id.isEmpty())
        s.console->out(LoginText::tr("\n\"%1\" Workspace found. This is your default Workspace.\n")
                           .arg(session.workspace.name));
    else if (!session.workspaces.isEmpty())
        s.console->out(LoginText::tr(kSetWorkspaceExample));

    // Only now, after every check passed: store the secret, then switch the context.
    if (Error e = saveLogin(s, domain, store, credentials, email, session))
        return fail(s, e);
    s.console->out(LoginText::tr("\nSuccessfully authenticated to Astronomer\n"));
    return ExitOk;
}

Error runDeviceLogin(Services& s, const Http& http, const AuthConfig& authConfig,
                     const OidcEndpoints& endpoints, Credentials* out)
{
    DeviceLogin flow(http, authConfig, endpoints);
    QEventLoop loop;
    Error result = Error::make(ExitFailure, QString());
    bool done = false, interrupted = false;
    QObject::connect(
        &flow, &DeviceLogin::authorizationReady, &loop, [&](const DeviceAuthorization& a) {
            s.console->out(
                LoginText::tr(
                    "\nTo log in, open %1 on any device and enter the code:\n\n    %2\n\n")
                    .arg(a.verificationUri.toString(), a.userCode));
            if (!a.verificationUriComplete.isEmpty()) {
                s.console->out(LoginText::tr("Or open this address, which carries the code: %1\n")
                                   .arg(a.verificationUriComplete.toString(QUrl::FullyEncoded)));
                if (s.console->stdoutIsTerminal() && s.console->showsUnicode()) {
                    const QString qr = platform::renderQrCode(
                        a.verificationUriComplete.toString(QUrl::FullyEncoded));
                    if (!qr.isEmpty())
                        s.console->out(QLatin1Char('\n') + qr);
                }
            }
            s.console->err(
                LoginText::tr(
                    "Only enter a code that you started yourself. Waiting for approval… (the code "
                    "expires in %1, ^C to cancel)\n")
                    .arg(humanDuration(a.expiresInSecs)));
        });
    QObject::connect(&flow, &DeviceLogin::slowedDown, &loop, [&](int secs) {
        s.console->err(
            LoginText::tr("The server asked to poll more slowly: every %1 s now.\n").arg(secs));
    });
    QObject::connect(&flow, &DeviceLogin::succeeded, &loop, [&](const Credentials& c) {
        *out = c;
        result = Error::none();
        done = true;
        loop.quit();
    });
    QObject::connect(&flow, &DeviceLogin::failed, &loop, [&](const Error& e) {
        result = e;
        done = true;
        loop.quit();
    });
    platform::InterruptWatcher interrupts;
    QObject::connect(&interrupts, &platform::InterruptWatcher::interrupted, &loop, [&] {
        interrupted = true;
        loop.quit();
    });
    if (Error e = flow.start())
        return e;
    if (!done)
        loop.exec();
    if (interrupted && !done)
        return Error::make(ExitInterrupted, LoginText::tr("login cancelled; nothing was saved."));
    return result;
}

bool parsePort(const QString& text, quint16* port)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (!ok || n < 0 || n > 65535)
        return false;
    *port = quint16(n);
    return true;
}

} // namespace

int runLogin(Services& s, const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DOMAIN"),
                                 LoginText::tr("Astro domain to log in to (default: the "
                                               "current context, else astronomer.io)."),
                                 QStringLiteral("[DOMAIN]"));
    const QCommandLineOption tokenOpt(
        {QStringLiteral("t"), QStringLiteral("token-login")},
        LoginText::tr("Log in with an access token instead of a browser. TOKEN is the "
                      "token, '-' to read it from stdin, or '@FILE'."),
        QStringLiteral("TOKEN"));
    const QCommandLineOption portOpt(
        QStringLiteral("callback-port"),
        LoginText::tr("Port of the local login callback (default 12345, or "
                      "$ASTRO_CALLBACK_PORT; 0 = any free port)."),
        QStringLiteral("N"));
    const QCommandLineOption timeoutOpt(
        QStringLiteral("timeout"),
        LoginText::tr("Seconds to wait for the browser login (default 300, or "
                      "$ASTRO_LOGIN_TIMEOUT)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption linkOpt(
        {QStringLiteral("l"), QStringLiteral("login-link")},
        LoginText::tr("Print the login link for a browser on any device instead of "
                      "opening one; then paste the address it ended on (or a token)."));
    const QCommandLineOption deviceOpt(
        QStringLiteral("device-code"),
        LoginText::tr("Log in with a code entered on another device (RFC 8628), where "
                      "the server offers it."));
    const QCommandLineOption browserOpt(
        QStringLiteral("browser"),
        LoginText::tr("Open a browser even where none seems available."));
    const QCommandLineOption noBrowserOpt(QStringLiteral("no-browser"),
                                          LoginText::tr("Never open a browser (as --login-link)."));
    parser.addOptions(
        {tokenOpt, portOpt, timeoutOpt, linkOpt, deviceOpt, browserOpt, noBrowserOpt});
    int code = ExitOk;
    if (!parseCommandLine(
            s, parser, QStringLiteral("login"), QStringLiteral("[DOMAIN] [flags]"),
            LoginText::tr(
                "Log in to Astro in your browser (or with --token-login). Credentials are "
                "kept in the OS keychain."),
            args, &code))
        return code;
    if (parser.positionalArguments().size() > 1)
        return fail(s, Error::make(ExitUsage, LoginText::tr("login takes at most one DOMAIN.")));
    if (int(parser.isSet(tokenOpt)) + int(parser.isSet(deviceOpt)) +
                int(parser.isSet(linkOpt) || parser.isSet(noBrowserOpt)) >
            1 ||
        (parser.isSet(browserOpt) && (parser.isSet(noBrowserOpt) || parser.isSet(linkOpt) ||
                                      parser.isSet(deviceOpt) || parser.isSet(tokenOpt))))
        return fail(
            s, Error::make(ExitUsage,
                           LoginText::tr("choose one way to log in: --token-login, --device-code, "
                                         "--login-link/--no-browser or --browser.")));

    BrowserOptions browser;
    browser.linkOnly = parser.isSet(linkOpt) || parser.isSet(noBrowserOpt);
    const QString portText = parser.isSet(portOpt)
                                 ? parser.value(portOpt)
                                 : s.env.value(QStringLiteral("ASTRO_CALLBACK_PORT"));
    if (!portText.isEmpty() && !parsePort(portText, &browser.port))
        return fail(
            s, Error::make(ExitUsage,
                           LoginText::tr("the callback port must be a number from 0 to 65535, not "
                                         "\"%1\".")
                               .arg(portText.left(20))));
    const QString timeoutText = parser.isSet(timeoutOpt)
                                    ? parser.value(timeoutOpt)
                                    : s.env.value(QStringLiteral("ASTRO_LOGIN_TIMEOUT"));
    if (!timeoutText.isEmpty()) {
        bool ok = false;
        browser.timeoutSecs = timeoutText.toInt(&ok);
        if (!ok || browser.timeoutSecs <= 0 || browser.timeoutSecs > 86400)
            return fail(
                s, Error::make(ExitUsage,
                               LoginText::tr("the login timeout must be a number of seconds.")));
    }

    Config config;
    if (Error e = s.config->read(&config))
        return fail(s, e);
    Domain domain;
    if (Error e = resolveDomain(s, parser.positionalArguments().value(0), config, true, &domain))
        return fail(s, e);

    QString token;
    if (parser.isSet(tokenOpt)) {
        QString raw;
        if (Error e = readTokenArgument(s, parser.value(tokenOpt), &raw))
            return fail(s, e);
        if (Error e = normalizeToken(raw, &token))
            return fail(s, e);
    }

    Error storeError;
    CredentialStore* store = s.store(&storeError);
    if (!store)
        return fail(s, storeError);

    s.console->out(
        LoginText::tr("Welcome to the Astro CLI %1\n"
                      "To learn more about Astro, go to https://www.astronomer.io/docs\n")
            .arg(s.console->showsUnicode() ? QString::fromUtf8("\xF0\x9F\x9A\x80") : QString()));
    const Http http(s.network());
    const AstroPlatform platform(http, domain);
    AuthConfig authConfig;
    if (Error e = platform.fetchAuthConfig(&authConfig))
        return fail(s, e);
    OidcEndpoints endpoints;
    if (Error e = platform.discover(authConfig, &endpoints))
        return fail(s, e);

    if (!token.isEmpty()) {
        LoginResult result;
        if (Error e = tokenLogin(platform, endpoints, token, s.now(), &result))
            return fail(s, e);
        const qint64 left = s.now().secsTo(result.credentials.expiresAt);
        s.console->out(
            LoginText::tr(
                "You are logging into Astro via an OAuth token\nThis token will expire in %1%2 "
                "and will not refresh\n")
                .arg(humanDuration(left),
                     result.expiryFromToken
                         ? QString()
                         : LoginText::tr(" (assumed: the token carries no expiry)")));
        return completeLogin(s, domain, platform, config, store, result.credentials,
                             result.user.email);
    }

    Credentials credentials;
    if (parser.isSet(deviceOpt)) {
        if (Error e = runDeviceLogin(s, http, authConfig, endpoints, &credentials))
            return fail(s, e);
    } else {
        if (!browser.linkOnly && !parser.isSet(browserOpt)) {
            const platform::HeadlessVerdict headless =
                platform::detectHeadless(s.env, platform::MachineFacts::probe(s.env));
            if (headless.headless) {
                browser.linkOnly = true;
                s.console->err(
                    LoginText::tr("No browser can be opened here: %1. Showing a link instead (use "
                                  "--browser to try anyway%2).\n")
                        .arg(headless.reason,
                             endpoints.deviceAuthorization.isEmpty()
                                 ? QString()
                                 : LoginText::tr(", or --device-code to log in with a code")));
            }
        }
        LoginResult result; // a token pasted at the --login-link prompt, already checked
        if (Error e =
                runBrowserLogin(s, platform, authConfig, endpoints, browser, &credentials, &result))
            return fail(s, e);
        if (!result.credentials.accessToken.isEmpty()) {
            s.console->out(
                LoginText::tr(
                    "You are logging into Astro via an OAuth token\nThis token will expire in %1 "
                    "and will not refresh\n")
                    .arg(humanDuration(s.now().secsTo(result.credentials.expiresAt))));
            return completeLogin(s, domain, platform, config, store, result.credentials,
                                 result.user.email);
        }
    }
    UserInfo user;
    if (Error e = platform.userInfo(endpoints, credentials.accessToken, &user))
        return fail(s, e);
    return completeLogin(s, domain, platform, config, store, credentials, user.email);
}

} // namespace astro
