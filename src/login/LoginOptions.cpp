#include "LoginOptions.h"

#include "core/ExitCode.h"

#include <QCoreApplication>

namespace astro {

// Texts of this file for Qt Linguist (context "LoginOptions").
struct LoginOptionsText
{
    Q_DECLARE_TR_FUNCTIONS(LoginOptions)
};

LoginCommandLine::LoginCommandLine()
    : token({QStringLiteral("t"), QStringLiteral("token-login")},
            LoginOptionsText::tr("Log in with an access token instead of a browser. TOKEN is the "
                                 "token, '-' to read it from stdin, or '@FILE'."),
            QStringLiteral("TOKEN")),
      port(QStringLiteral("callback-port"),
           LoginOptionsText::tr("Port of the local login callback (default 12345, or "
                                "$ASTRO_CALLBACK_PORT; 0 = any free port)."),
           QStringLiteral("N")),
      timeout(QStringLiteral("timeout"),
              LoginOptionsText::tr("Seconds to wait for the browser login, 1 to 86400 (default "
                                   "300, or $ASTRO_LOGIN_TIMEOUT)."),
              QStringLiteral("SECONDS")),
      link({QStringLiteral("l"), QStringLiteral("login-link")},
           LoginOptionsText::tr("Print the login link for a browser on any device instead of "
                                "opening one; then paste the address it ended on (or a token).")),
      device(QStringLiteral("device-code"),
             LoginOptionsText::tr("Log in with a code entered on another device (RFC 8628), "
                                  "where the server offers it.")),
      browser(QStringLiteral("browser"),
              LoginOptionsText::tr("Open a browser even where none seems available.")),
      noBrowser(QStringLiteral("no-browser"),
                LoginOptionsText::tr("Never open a browser (as --login-link).")),
      apc(QStringLiteral("apc"),
          LoginOptionsText::tr("Log in to Astro Private Cloud (Houston) at a local DOMAIN "
                               "(localhost or 127.0.0.1); other domains are recognised by "
                               "name.")),
      oauth({QStringLiteral("o"), QStringLiteral("oauth")},
            LoginOptionsText::tr("Astro Private Cloud: do not prompt for a username and "
                                 "password; paste an OAuth token from the token page.")),
      gui(QStringLiteral("gui"), LoginOptionsText::tr("Log in in a window (needs a display).")),
      help({QStringLiteral("h"), QStringLiteral("help")},
           QCoreApplication::translate("CommandSupport", "Show this help."))
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    parser.addPositionalArgument(QStringLiteral("DOMAIN"),
                                 LoginOptionsText::tr("Astro domain to log in to (default: the "
                                                      "current context, else astronomer.io)."),
                                 QStringLiteral("[DOMAIN]"));
    parser.addOptions(
        {token, port, timeout, link, device, browser, noBrowser, apc, oauth, gui, help});
}

static Error usage(const QString& message)
{
    return Error::make(ExitUsage, message);
}

Error parseCallbackPort(const QString& text, const QString& source, quint16* port)
{
    bool ok = false;
    const int n = text.trimmed().toInt(&ok);
    if (!ok || n < 0 || n > 65535)
        return usage(LoginOptionsText::tr("%1 must be a port number from 0 to 65535, not \"%2\".")
                         .arg(source, text.left(20)));
    *port = quint16(n);
    return Error::none();
}

Error parseLoginTimeout(const QString& text, const QString& source, int* secs)
{
    bool ok = false;
    const int n = text.trimmed().toInt(&ok);
    if (!ok || n < 1 || n > 86400)
        return usage(
            LoginOptionsText::tr("%1 must be a number of seconds from 1 to 86400, not \"%2\".")
                .arg(source, text.left(20)));
    *secs = n;
    return Error::none();
}

Error parseLoginOptions(const QStringList& args, const QProcessEnvironment& env, LoginOptions* out)
{
    LoginCommandLine cl;
    QStringList argv{QStringLiteral("astro")};
    argv << args;
    if (!cl.parser.parse(argv))
        return usage(cl.parser.errorText());
    *out = LoginOptions();
    if (cl.parser.isSet(cl.help)) {
        out->help = true;
        return Error::none();
    }
    const QStringList positional = cl.parser.positionalArguments();
    if (positional.size() > 1)
        return usage(LoginOptionsText::tr("login takes at most one DOMAIN, not %1 arguments.")
                         .arg(positional.size()));
    if (!positional.isEmpty() && positional[0].trimmed().isEmpty())
        return usage(LoginOptionsText::tr("the DOMAIN argument is empty."));
    out->domain = positional.value(0);
    out->gui = cl.parser.isSet(cl.gui);
    out->apc = cl.parser.isSet(cl.apc);
    out->oauth = cl.parser.isSet(cl.oauth);

    const bool link = cl.parser.isSet(cl.link) || cl.parser.isSet(cl.noBrowser);
    const int ways = int(cl.parser.isSet(cl.token)) + int(cl.parser.isSet(cl.device)) + int(link) +
                     int(cl.parser.isSet(cl.browser));
    if (ways > 1)
        return usage(LoginOptionsText::tr("choose one way to log in: --token-login, --device-code, "
                                          "--login-link/--no-browser or --browser."));
    if (cl.parser.isSet(cl.token)) {
        out->method = LoginOptions::Method::Token;
        out->tokenArgument = cl.parser.value(cl.token);
        if (out->tokenArgument.trimmed().isEmpty())
            return usage(
                LoginOptionsText::tr("--token-login needs a TOKEN, '-' (stdin) or '@FILE'."));
        if (out->tokenArgument == QLatin1String("@"))
            return usage(LoginOptionsText::tr("--token-login @FILE needs a file name after '@'."));
    } else if (cl.parser.isSet(cl.device)) {
        out->method = LoginOptions::Method::Device;
    } else if (link) {
        out->method = LoginOptions::Method::Link;
    } else if (cl.parser.isSet(cl.browser)) {
        out->method = LoginOptions::Method::Browser;
    }
    if (out->gui &&
        (out->method == LoginOptions::Method::Token || out->method == LoginOptions::Method::Device))
        return usage(LoginOptionsText::tr("--gui logs in with the browser: it cannot be combined "
                                          "with --token-login or --device-code."));

    if (out->oauth &&
        (out->method == LoginOptions::Method::Token || out->method == LoginOptions::Method::Device))
        return usage(LoginOptionsText::tr("--oauth asks for a pasted OAuth token: it cannot be "
                                          "combined with --token-login or --device-code."));

    // The callback port and the timeout matter only where a browser login waits.
    const bool waitsForBrowser =
        out->method != LoginOptions::Method::Token && out->method != LoginOptions::Method::Device;
    const QString portVar = QStringLiteral("ASTRO_CALLBACK_PORT");
    if (cl.parser.isSet(cl.port)) {
        if (Error e = parseCallbackPort(cl.parser.value(cl.port), QStringLiteral("--callback-port"),
                                        &out->callbackPort))
            return e;
    } else if (waitsForBrowser && !env.value(portVar).isEmpty()) {
        if (Error e = parseCallbackPort(env.value(portVar), portVar, &out->callbackPort))
            return e;
    }
    const QString timeoutVar = QStringLiteral("ASTRO_LOGIN_TIMEOUT");
    if (cl.parser.isSet(cl.timeout)) {
        if (Error e = parseLoginTimeout(cl.parser.value(cl.timeout), QStringLiteral("--timeout"),
                                        &out->timeoutSecs))
            return e;
    } else if (waitsForBrowser && !env.value(timeoutVar).isEmpty()) {
        if (Error e = parseLoginTimeout(env.value(timeoutVar), timeoutVar, &out->timeoutSecs))
            return e;
    }
    return Error::none();
}

} // namespace astro
