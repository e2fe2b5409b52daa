#include "Houston.h"

#include "core/DisplayText.h"
#include "core/Jwt.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace astro {
namespace {

// astro-cli's queries, with the fields it reads.
const char kAuthConfig[] =
    "query GetAuthConfig($redirect: String) { authConfig(redirect: $redirect) { localEnabled "
    "publicSignup initialSignup providers { name displayName url } } }";
const char kCreateBasicToken[] =
    "mutation createBasicToken($identity: String, $password: String!) { createToken(identity: "
    "$identity, password: $password) { user { id fullName username status createdAt updatedAt } "
    "token { value } } }";
const char kSelf[] = "query GetSelf { self { user { id fullName username status } } }";
const char kVersion[] = "query AppConfig { appConfig { version } }";
const char kPaginatedWorkspaces[] =
    "query paginatedWorkspaces($pageSize: Int, $pageNumber: Int) { paginatedWorkspaces(take: "
    "$pageSize, pageNumber: $pageNumber) { id label description createdAt updatedAt } }";
const char kWorkspaces[] =
    "query GetWorkspaces { workspaces { id label description createdAt updatedAt } }";

// Houston's answers that mean the token is no longer accepted (astro-cli's
// errInaptPermissionsMsg and errAuthTokenRefreshFailedMsg).
const char kPermissionError[] = "You do not have the appropriate permissions for that";
const char kRefreshFailed[] = "AUTH_TOKEN_REFRESH_FAILED";

QString field(const QJsonObject& o, const char* name, int max = 200)
{
    return displaySafeLine(o.value(QLatin1String(name)).toString().left(max));
}

HoustonUser readUser(const QJsonObject& o)
{
    HoustonUser u;
    u.id = field(o, "id");
    u.fullName = field(o, "fullName");
    u.username = field(o, "username", 320);
    u.status = field(o, "status", 40);
    return u;
}

} // namespace

Error HoustonClient::graphqlFailure(const QString& what, const QString& message,
                                    const QString& token) const
{
    if (message == QLatin1String(kPermissionError) || message == QLatin1String(kRefreshFailed)) {
        const QDateTime expiry = tokenExpiry(token);
        if (token.isEmpty() || (expiry.isValid() && expiry <= QDateTime::currentDateTimeUtc()))
            return Error::make(ExitAuthFailed,
                               QCoreApplication::translate(
                                   "Houston", "Your token has expired. Please log in again: run "
                                              "'%1'.")
                                   .arg(m_domain.loginCommand()));
        return Error::make(
            ExitAuthFailed,
            QCoreApplication::translate("Houston",
                                        "Houston at %1 did not accept the token: it is not valid "
                                        "there, or it was revoked. Please log in again: run '%2'.")
                .arg(m_domain.houstonUrl().host(), m_domain.loginCommand()));
    }
    return Error::make(
        ExitFailure,
        QCoreApplication::translate("Houston", "Could not %1: Houston at %2 "
                                               "answered \"%3\".")
            .arg(what, m_domain.houstonUrl().host(), displaySafeLine(message.left(300))));
}

Error HoustonClient::malformedToken(const Domain& domain)
{
    return Error::make(ExitAuthFailed,
                       QCoreApplication::translate(
                           "Houston", "The token is malformed: a Houston token is a JWT (three "
                                      "parts separated by dots, on one line). Copy it again from "
                                      "%1.")
                           .arg(domain.tokenPageUrl().toString()));
}

Error HoustonClient::call(const QString& what, const char* document, const QJsonObject& variables,
                          const QString& token, QJsonObject* data, QString* graphqlError) const
{
    QJsonObject request;
    request.insert(QStringLiteral("query"), QLatin1String(document));
    request.insert(QStringLiteral("variables"), variables);
    const HttpResponse r =
        m_http.postJson(m_domain.houstonUrl(),
                        QJsonDocument(request).toJson(QJsonDocument::Compact), token.toLatin1());
    if (r.untrustworthy) // a redirect or an oversized answer
        return Error::make(ExitNetwork,
                           QCoreApplication::translate(
                               "Houston", "Could not %1: %2. Nothing was stored. Contact your "
                                          "Astro Private Cloud administrator if this persists.")
                               .arg(what, r.errorString));
    if (r.transportError)
        return Error::make(
            ExitNetwork,
            QCoreApplication::translate("Houston",
                                        "Cannot reach Houston at %1 to %2: %3. Check your "
                                        "network and the domain (%4).")
                .arg(m_domain.houstonUrl().toString(), what, r.errorString, m_domain.name()));
    // GraphQL errors come with a 200 (or a 400 for a query Houston cannot run): the message
    // is the answer, whatever the status.
    const QJsonObject o = r.json();
    const QJsonArray errors = o.value(QStringLiteral("errors")).toArray();
    if (!errors.isEmpty()) {
        const QString message =
            errors.first().toObject().value(QStringLiteral("message")).toString();
        if (graphqlError)
            *graphqlError = message;
        return graphqlFailure(what, message, token);
    }
    if (!r.isSuccess())
        return Error::make(ExitNetwork,
                           QCoreApplication::translate(
                               "Houston", "Could not %1: Houston at %2 answered HTTP %3. Try "
                                          "again or contact your Astro Private Cloud "
                                          "administrator.")
                               .arg(what, m_domain.houstonUrl().host())
                               .arg(r.status));
    const QJsonValue d = o.value(QStringLiteral("data"));
    if (!d.isObject())
        return Error::make(ExitNetwork,
                           QCoreApplication::translate(
                               "Houston", "Could not %1: Houston at %2 answered something that "
                                          "is not a GraphQL answer. Check the domain (%3).")
                               .arg(what, m_domain.houstonUrl().host(), m_domain.name()));
    *data = d.toObject();
    return Error::none();
}

Error HoustonClient::authConfig(const QString& redirect, HoustonAuthConfig* out) const
{
    QJsonObject vars;
    vars.insert(QStringLiteral("redirect"), redirect.isEmpty() ? QJsonValue() : redirect);
    QJsonObject data;
    if (Error e = call(QCoreApplication::translate("Houston", "fetch the login configuration"),
                       kAuthConfig, vars, QString(), &data, nullptr))
        return e;
    const QJsonObject c = data.value(QStringLiteral("authConfig")).toObject();
    HoustonAuthConfig r;
    r.localEnabled = c.value(QStringLiteral("localEnabled")).toBool();
    r.publicSignup = c.value(QStringLiteral("publicSignup")).toBool();
    r.initialSignup = c.value(QStringLiteral("initialSignup")).toBool();
    const QJsonArray providers = c.value(QStringLiteral("providers")).toArray();
    for (const QJsonValue& v : providers) {
        if (r.providers.size() >= 50)
            break;
        const QJsonObject p = v.toObject();
        HoustonAuthProvider hp;
        hp.name = field(p, "name", 100);
        hp.displayName = field(p, "displayName", 100);
        hp.url = QUrl(p.value(QStringLiteral("url")).toString().left(2048));
        if (!hp.name.isEmpty())
            r.providers.append(hp);
    }
    *out = r;
    return Error::none();
}

Error HoustonClient::createBasicToken(const QString& identity, const QString& password,
                                      HoustonToken* out) const
{
    QJsonObject vars;
    vars.insert(QStringLiteral("identity"), identity);
    vars.insert(QStringLiteral("password"), password);
    QJsonObject data;
    QString graphqlError;
    const Error e = call(QCoreApplication::translate("Houston", "log in with a password"),
                         kCreateBasicToken, vars, QString(), &data, &graphqlError);
    if (e && !graphqlError.isEmpty())
        return Error::make(ExitAuthFailed,
                           QCoreApplication::translate("Houston", "local auth login failed: %1")
                               .arg(displaySafeLine(graphqlError.left(300))));
    if (e)
        return e;
    const QJsonObject created = data.value(QStringLiteral("createToken")).toObject();
    HoustonToken t;
    t.value =
        created.value(QStringLiteral("token")).toObject().value(QStringLiteral("value")).toString();
    // astro-cli carries on with an empty token here; a login without one has failed.
    if (!isWellFormedToken(t.value))
        return Error::make(ExitAuthFailed,
                           QCoreApplication::translate(
                               "Houston", "local auth login failed: Houston at %1 returned no "
                                          "usable token.")
                               .arg(m_domain.houstonUrl().host()));
    t.expiresAt = tokenExpiry(t.value);
    t.user = readUser(created.value(QStringLiteral("user")).toObject());
    *out = t;
    return Error::none();
}

Error HoustonClient::self(const QString& token, HoustonUser* out) const
{
    if (!isHoustonToken(token))
        return malformedToken(m_domain);
    QJsonObject data;
    if (Error e = call(QCoreApplication::translate("Houston", "check the token"), kSelf,
                       QJsonObject(), token, &data, nullptr))
        return e;
    const HoustonUser u = readUser(
        data.value(QStringLiteral("self")).toObject().value(QStringLiteral("user")).toObject());
    if (u.id.isEmpty())
        return graphqlFailure(QString(), QLatin1String(kPermissionError), token);
    *out = u;
    return Error::none();
}

Error HoustonClient::version(QString* out) const
{
    QJsonObject data;
    if (Error e = call(QCoreApplication::translate("Houston", "fetch Houston's version"), kVersion,
                       QJsonObject(), QString(), &data, nullptr))
        return e;
    *out = field(data.value(QStringLiteral("appConfig")).toObject(), "version", 64);
    return Error::none();
}

Error HoustonClient::workspaces(const QString& token, QList<HoustonWorkspace>* out,
                                int pageSize) const
{
    QString v;
    if (Error e = version(&v))
        return e;
    return workspaces(token, offersPaginatedWorkspaces(v), pageSize, out);
}

Error HoustonClient::workspaces(const QString& token, bool paginated, int pageSize,
                                QList<HoustonWorkspace>* out) const
{
    if (!isHoustonToken(token))
        return malformedToken(m_domain);
    QJsonObject vars;
    if (paginated) {
        vars.insert(QStringLiteral("pageSize"), qBound(1, pageSize, 1000));
        vars.insert(QStringLiteral("pageNumber"), 0);
    }
    QJsonObject data;
    if (Error e = call(QCoreApplication::translate("Houston", "list the workspaces"),
                       paginated ? kPaginatedWorkspaces : kWorkspaces, vars, token, &data, nullptr))
        return e;
    const QJsonArray list =
        data.value(paginated ? QStringLiteral("paginatedWorkspaces") : QStringLiteral("workspaces"))
            .toArray();
    QList<HoustonWorkspace> r;
    for (const QJsonValue& v : list) {
        if (r.size() >= 1000)
            break;
        const QJsonObject o = v.toObject();
        HoustonWorkspace w;
        w.id = field(o, "id", 100);
        w.label = field(o, "label");
        w.description = field(o, "description", 500);
        if (!w.id.isEmpty())
            r.append(w);
    }
    *out = r;
    return Error::none();
}

bool HoustonClient::offersPaginatedWorkspaces(const QString& version)
{
    static const QRegularExpression semver(
        QStringLiteral(R"(^v?([0-9]{1,6})\.([0-9]{1,6})(?:\.([0-9]{1,6}))?(?:[-+].*)?$)"));
    const QRegularExpressionMatch m = semver.match(version.trimmed());
    if (!m.hasMatch())
        return false;
    const int major = m.captured(1).toInt();
    const int minor = m.captured(2).toInt();
    return major > 0 || minor >= 30;
}

QDateTime HoustonClient::tokenExpiry(const QString& token)
{
    JwtClaims claims;
    if (!decodeJwtClaims(token, &claims))
        return QDateTime();
    return claims.expiresAt();
}

bool HoustonClient::isHoustonToken(const QString& token)
{
    JwtClaims claims;
    return isWellFormedToken(token) && decodeJwtClaims(token, &claims);
}

bool HoustonClient::isWellFormedToken(const QString& token)
{
    if (token.isEmpty() || token.size() > 16384)
        return false;
    for (const QChar c : token) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

} // namespace astro
