#pragma once

#include "core/Error.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QStringList>

namespace astro {

// What `astro login` was asked to do, from its command line and the environment.
struct LoginOptions
{
    enum class Method {
        Auto,    // the browser, or a link where no browser can be opened
        Browser, // --browser: a browser even where none seems available
        Link,    // --login-link / --no-browser: print the link, accept a pasted result
        Device,  // --device-code
        Token,   // --token-login
    };
    Method method = Method::Auto;
    QString domain;        // as typed; empty: ASTRO_DOMAIN, the current context, astronomer.io
    QString tokenArgument; // Method::Token: TOKEN, "-" (stdin) or "@FILE"
    quint16 callbackPort = 12345;
    int timeoutSecs = 300;
    bool apc = false;   // --apc: a loopback DOMAIN is Astro Private Cloud's (Houston)
    bool oauth = false; // -o/--oauth (APC): skip the username and password, paste an OAuth token
    bool gui = false;   // --gui: the login window
    bool help = false;  // --help: nothing else is looked at
};

// The login command line's options, for parsing and for the help text.
struct LoginCommandLine
{
    LoginCommandLine();
    QCommandLineParser parser;
    QCommandLineOption token, port, timeout, link, device, browser, noBrowser, apc, oauth, gui,
        help;
};

// Parses `args` (the words after `login`) and the variables it reads (ASTRO_CALLBACK_PORT,
// ASTRO_LOGIN_TIMEOUT, only where the chosen way of logging in uses them). Pure: it
// prints nothing and reads no file. A bad command line is ExitUsage with one message.
Error parseLoginOptions(const QStringList& args, const QProcessEnvironment& env, LoginOptions* out);

// The callback port from a flag value or ASTRO_CALLBACK_PORT: 0–65535 (0: any free port).
// `source` names where the text came from in the message ("--callback-port").
Error parseCallbackPort(const QString& text, const QString& source, quint16* port);
// The login timeout in seconds: 1–86400.
Error parseLoginTimeout(const QString& text, const QString& source, int* secs);

} // namespace astro
