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
    auto tr = [](const char* s) { return QCoreApplication::translate("LoginPages", s); };
    LoginPages p;
    p.success = fill(tmpl, "success", QStringLiteral("&#10003;"), tr("Login successful"), tr("You are logged in"),
                     tr("The Astro CLI received your login."), tr("You can close this window and return to the terminal."));
    p.failure = fill(tmpl, "failure", QStringLiteral("&#10007;"), tr("Login failed"), tr("Login failed"),
                     tr("The Astro CLI could not complete the login."),
                     tr("Return to the terminal to see why, then try again."));
    p.rejected = fill(tmpl, "rejected", QStringLiteral("!"), tr("Unexpected request"),
                      tr("This request was not expected"),
                      tr("It does not belong to the login the Astro CLI is waiting for, so it was ignored."),
                      tr("If you are logging in, finish in the browser window the CLI opened, or return to the "
                         "terminal."));
    return p;
}

} // namespace astro
