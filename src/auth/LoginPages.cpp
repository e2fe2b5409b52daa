#include "LoginPages.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocale>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initPagesResource()
{
    Q_INIT_RESOURCE(pages);
}

namespace astro {
namespace {

QString escape(const QString& s)
{
    return s.toHtmlEscaped();
}

QByteArray fill(const QString& tmpl, const char* kind, const QString& symbol, const QString& title,
                const QString& heading, const QString& message, const QString& next)
{
    QString page = tmpl;
    page.replace(QStringLiteral("{{lang}}"), QLocale().name().section(QLatin1Char('_'), 0, 0));
    page.replace(QStringLiteral("{{kind}}"), QLatin1String(kind));
    page.replace(QStringLiteral("{{symbol}}"), symbol);
    page.replace(QStringLiteral("{{title}}"), escape(title));
    page.replace(QStringLiteral("{{heading}}"), escape(heading));
    page.replace(QStringLiteral("{{message}}"), escape(message));
    page.replace(QStringLiteral("{{next}}"), escape(next));
    return page.toUtf8();
}

} // namespace

LoginPages LoginPages::build()
{
    initPagesResource();
    QFile f(QStringLiteral(":/pages/page.html"));
    f.open(QIODevice::ReadOnly);
    const QString tmpl = QString::fromUtf8(f.readAll());
    LoginPages p;
    p.success =
        fill(tmpl, "success", QStringLiteral("&#10003;"),
             QCoreApplication::translate("LoginPages", "Login successful"),
             QCoreApplication::translate("LoginPages", "You are logged in"),
             QCoreApplication::translate("LoginPages", "The Astro CLI received your login."),
             QCoreApplication::translate("LoginPages",
                                         "You can close this window and return to the terminal."));
    p.failure = fill(
        tmpl, "failure", QStringLiteral("&#10007;"),
        QCoreApplication::translate("LoginPages", "Login failed"),
        QCoreApplication::translate("LoginPages", "Login failed"),
        QCoreApplication::translate("LoginPages", "The Astro CLI could not complete the login."),
        QCoreApplication::translate("LoginPages",
                                    "Return to the terminal to see why, then try again."));
    p.rejected =
        fill(tmpl, "rejected", QStringLiteral("!"),
             QCoreApplication::translate("LoginPages", "Unexpected request"),
             QCoreApplication::translate("LoginPages", "This request was not expected"),
             QCoreApplication::translate("LoginPages",
                                         "It does not belong to the login the Astro CLI is "
                                         "waiting for, so it was ignored."),
             QCoreApplication::translate("LoginPages",
                                         "If you are logging in, finish in the browser window "
                                         "the CLI opened, or return to the terminal."));
    return p;
}

} // namespace astro
