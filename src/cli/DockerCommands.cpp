// The Docker credential helper (`docker-credential-astro`, the protocol of
// docker-credential-helpers) and `astro auth configure-docker`, which points Docker at it.
#include "CommandSupport.h"
#include "Commands.h"
#include "core/SafeFile.h"
#include "platform/Paths.h"
#include "refresh/FreshToken.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <map>

namespace astro {
namespace {

// astro-cli's image registries (pkg/util IsAstronomerRegistry) and the domains they serve.
struct KnownRegistry
{
    const char* domain;
    const char* registry;
};
constexpr KnownRegistry kRegistries[] = {
    {"astronomer.io", "images.astronomer.cloud"},
    {"astronomer-dev.io", "images.astronomer-dev.cloud"},
    {"astronomer-stage.io", "images.astronomer-stage.cloud"},
};

// docker-credential-helpers' messages: Docker compares them byte for byte.
constexpr const char* kNotFound = "credentials not found in native keychain";
constexpr const char* kNoServerUrl = "no credentials server URL";
constexpr const char* kNoUsername = "no credentials username";
constexpr qint64 kInputCap = 64 * 1024;

// "https://HOST[:PORT]/path" -> "host[:port]" (what Docker's credHelpers keys name).
QString registryHost(QString url)
{
    url = url.trimmed();
    const qsizetype scheme = url.indexOf(QStringLiteral("://"));
    if (scheme >= 0)
        url = url.mid(scheme + 3);
    const qsizetype slash = url.indexOf(QLatin1Char('/'));
    if (slash >= 0)
        url.truncate(slash);
    return url.toLower();
}

// The registry a domain's login serves, and the user name Docker is given there: Astro's
// own for Astro ("cli", as astro-cli's `docker login`), registry.<domain> for an Astro Private
// Cloud domain ("user", as astro-cli's RegistryAuth). Empty for a loopback domain
// (ASTRO_IMAGE_REGISTRY names its registry).
struct ServedRegistry
{
    QString registry;
    QString username;
};
ServedRegistry registryOf(const QString& domain)
{
    for (const KnownRegistry& r : kRegistries)
        if (domain == QLatin1String(r.domain))
            return {QLatin1String(r.registry), QStringLiteral("cli")};
    Domain d;
    QString why;
    if (Domain::parse(domain, &d, &why) && d.isApc() && !d.isLoopback())
        return {QStringLiteral("registry.") + d.name(), QStringLiteral("user")};
    return {};
}

QString registryForDomain(const QString& domain)
{
    return registryOf(domain).registry;
}

// The domain whose login serves `host`, or empty.
QString domainOfRegistry(const QString& host)
{
    for (const KnownRegistry& r : kRegistries)
        if (host == QLatin1String(r.registry))
            return QLatin1String(r.domain);
    const QString prefix = QStringLiteral("registry.");
    if (host.startsWith(prefix) && registryOf(host.mid(prefix.size())).registry == host)
        return host.mid(prefix.size());
    return QString();
}

QString localRegistry(const Services& s)
{
    return registryHost(s.env.value(QStringLiteral("ASTRO_IMAGE_REGISTRY")));
}

// A JSON string as Go's encoding/json writes it (HTML-safe escapes included), so that the
// answer is byte for byte what docker-credential-helpers' helpers print.
QString goJsonString(const QString& text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (u < 0x20 || u == '<' || u == '>' || u == '&' || u == 0x2028 || u == 0x2029)
                out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

// Errors go to stdout, one line, exit 1, as docker-credential-helpers' Serve() does.
int protocolError(Services& s, const QString& message)
{
    s.console->out(message + QLatin1Char('\n'));
    return ExitFailure;
}

int helperGet(Services& s, const std::function<Error(const Domain&, QString*)>& networkToken)
{
    const QString serverUrl = s.console->readAll().left(kInputCap).trimmed();
    if (serverUrl.isEmpty())
        return protocolError(s, QLatin1String(kNoServerUrl));
    const QString host = registryHost(serverUrl);
    TokenRequest request;
    request.environmentWins = false; // the stored login, whatever the caller's environment
    const QString local = localRegistry(s);
    QString username = QStringLiteral("cli");
    if (local.isEmpty() || host != local) {
        const QString domain = domainOfRegistry(host);
        username = registryOf(domain).username;
        if (domain.isEmpty())
            return protocolError(s, QLatin1String(kNotFound)); // not a registry we serve
        request.domain = {domain, QStringLiteral("registry")};
    } // else: ASTRO_IMAGE_REGISTRY is the registry of the current context (ASTRO_DOMAIN)
    AccessToken access;
    Error e = freshAccessToken(s, request, &access);
    if (e.code == ExitHandOver) // the lean helper: astro-network refreshes, as for auth token
        e = networkToken(access.domain, &access.token);
    if (e && access.noLogin) {
        const QString domain = request.domain.given() ? request.domain.text : access.domain.name();
        if (domain.isEmpty()) // ASTRO_IMAGE_REGISTRY, and no current context to serve
            s.console->err(
                QCoreApplication::translate(
                    "DockerCommands",
                    "docker-credential-astro: %1 is ASTRO_IMAGE_REGISTRY, the registry of the "
                    "current context, but there is no current context. Run 'astro login DOMAIN' "
                    "(or set ASTRO_DOMAIN) for the domain it serves.\n")
                    .arg(host));
        else
            s.console->err(QCoreApplication::translate(
                               "DockerCommands",
                               "docker-credential-astro: no login for %1. Run 'astro login %1'.\n")
                               .arg(domain));
        return protocolError(s, QLatin1String(kNotFound));
    }
    if (e)
        return protocolError(s, e.message.split(QLatin1Char('\n')).join(QLatin1Char(' ')));
    const QString answer =
        QStringLiteral("{\"ServerURL\":%1,\"Username\":%2,\"Secret\":%3}\n")
            .arg(goJsonString(serverUrl), goJsonString(username), goJsonString(access.token));
    if (!s.console->out(answer))
        return ExitFailure;
    return ExitOk;
}

// Docker's own login (`docker login`) stores through the helper; astro keeps its login in
// its own store, so nothing is written anywhere, and the next `get` answers a fresh token.
int helperStore(Services& s)
{
    const QByteArray input = s.console->readAll().left(kInputCap).toUtf8();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(input, &parseError);
    if (!doc.isObject())
        return protocolError(s, parseError.error != QJsonParseError::NoError
                                    ? parseError.errorString()
                                    : QStringLiteral("not a JSON object"));
    // Go's decoder matches the field names case-insensitively.
    QString serverUrl, username;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key().compare(QLatin1String("ServerURL"), Qt::CaseInsensitive) == 0)
            serverUrl = it.value().toString();
        else if (it.key().compare(QLatin1String("Username"), Qt::CaseInsensitive) == 0)
            username = it.value().toString();
    }
    if (serverUrl.isEmpty())
        return protocolError(s, QLatin1String(kNoServerUrl));
    if (username.isEmpty())
        return protocolError(s, QLatin1String(kNoUsername));
    return ExitOk;
}

// `docker logout`: the astro login stays (astro logout ends it); nothing to erase here.
int helperErase(Services& s)
{
    if (s.console->readAll().left(kInputCap).trimmed().isEmpty())
        return protocolError(s, QLatin1String(kNoServerUrl));
    return ExitOk;
}

// The registries served: those of the contexts in config.yaml, and ASTRO_IMAGE_REGISTRY.
int helperList(Services& s)
{
    Config config;
    if (Error e = s.config->read(&config))
        return protocolError(s, e.message);
    std::map<QString, QString> served; // sorted, as Go encodes a map
    for (const QString& key : config.contextKeys()) {
        const ServedRegistry r = registryOf(config.context(key).domain);
        if (!r.registry.isEmpty())
            served[r.registry] = r.username;
    }
    const QString local = localRegistry(s);
    if (!local.isEmpty())
        served[local] = QStringLiteral("cli");
    QStringList members;
    for (const auto& [registry, user] : served)
        members << goJsonString(registry) + QLatin1Char(':') + goJsonString(user);
    s.console->out(QLatin1Char('{') + members.join(QLatin1Char(',')) + QStringLiteral("}\n"));
    return ExitOk;
}

} // namespace

int runDockerCredentialHelper(
    Services& s, const QStringList& args,
    const std::function<Error(const Domain& domain, QString* token)>& networkToken)
{
    if (args.size() != 1)
        return protocolError(
            s, QStringLiteral("Usage: docker-credential-astro <store|get|erase|list|version>"));
    const QString action = args.first();
    if (action == QLatin1String("get"))
        return helperGet(s, networkToken);
    if (action == QLatin1String("store"))
        return helperStore(s);
    if (action == QLatin1String("erase"))
        return helperErase(s);
    if (action == QLatin1String("list"))
        return helperList(s);
    if (action == QLatin1String("version")) {
        s.console->out(QStringLiteral("docker-credential-astro (astro-auth) %1\n")
                           .arg(QCoreApplication::applicationVersion()));
        return ExitOk;
    }
    return protocolError(s, QStringLiteral("Unknown credential action `%1`").arg(action.left(40)));
}

int runConfigureDocker(Services& s, const QStringList& args)
{
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parseCommandLine(
            s, parser, QStringLiteral("auth configure-docker"), QStringLiteral("[REGISTRY...]"),
            QCoreApplication::translate(
                "DockerCommands",
                "Let Docker (and every client that reads its credHelpers) get a fresh Astro "
                "token from docker-credential-astro for Astro's image registries. Adds a "
                "credHelpers entry for each REGISTRY (default: the registry of the current "
                "context's domain, or ASTRO_IMAGE_REGISTRY) to Docker's config.json "
                "($DOCKER_CONFIG, else ~/.docker), keeping everything else in it. No token is "
                "written there."),
            args, &code))
        return code;
    QStringList registries;
    for (const QString& r : parser.positionalArguments())
        registries << registryHost(r);
    if (registries.isEmpty()) {
        QString registry = localRegistry(s);
        if (registry.isEmpty()) {
            Config config;
            if (Error e = s.config->read(&config))
                return fail(s, e);
            Domain domain;
            if (Error e = resolveDomain(s, QString(), config, true, &domain))
                return fail(s, e);
            registry = registryForDomain(domain.name());
            if (registry.isEmpty())
                return fail(
                    s, Error::make(ExitUsage,
                                   QCoreApplication::translate(
                                       "DockerCommands",
                                       "no image registry is known for %1: set "
                                       "ASTRO_IMAGE_REGISTRY=HOST[:PORT] or name the registry.")
                                       .arg(domain.name())));
        }
        registries << registry;
    }
    for (const QString& r : registries)
        if (r.isEmpty() || r.contains(QLatin1Char('"')) || r.contains(QLatin1Char(' ')))
            return fail(s, Error::make(ExitUsage, QCoreApplication::translate(
                                                      "DockerCommands",
                                                      "\"%1\" is not a registry (HOST[:PORT]).")
                                                      .arg(r.left(80))));

    const QString path = dockerConfigPath(s.env);
    if (path.isEmpty())
        return fail(s, Error::make(ExitUsage,
                                   QCoreApplication::translate(
                                       "DockerCommands", "cannot find Docker's configuration: set "
                                                         "DOCKER_CONFIG or HOME.")));
    QByteArray text;
    QString why;
    QJsonObject root;
    switch (readBoundedFile(path, 4 * 1024 * 1024, &text, &why)) {
    case ReadStatus::Missing:
        break;
    case ReadStatus::Ok: {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
        if (!text.trimmed().isEmpty() && !doc.isObject())
            return fail(
                s, Error::make(ExitConfig, QCoreApplication::translate(
                                               "DockerCommands",
                                               "%1 is not a JSON object (%2); it was not changed.")
                                               .arg(path, parseError.errorString())));
        root = doc.object();
        break;
    }
    case ReadStatus::TooLarge:
    case ReadStatus::Failed:
        return fail(s, Error::make(ExitConfig, why));
    }
    QJsonObject helpers = root.value(QStringLiteral("credHelpers")).toObject();
    for (const QString& r : registries)
        helpers.insert(r, QStringLiteral("astro"));
    root.insert(QStringLiteral("credHelpers"), helpers);

    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir))
        return fail(
            s, Error::make(
                   ExitConfig,
                   QCoreApplication::translate("DockerCommands", "cannot create %1.").arg(dir)));
    if (Error e = writeFileAtomically(path, QJsonDocument(root).toJson(QJsonDocument::Indented),
                                      ExitConfig))
        return fail(s, e);
    s.console->err(
        QCoreApplication::translate(
            "DockerCommands", "Adding credentials for: %1\nDocker configuration file updated: %2\n")
            .arg(registries.join(QStringLiteral(", ")), path));
    if (QStandardPaths::findExecutable(
            QStringLiteral("docker-credential-astro"),
            s.env.value(QStringLiteral("PATH")).split(QDir::listSeparator(), Qt::SkipEmptyParts))
            .isEmpty())
        s.console->err(QCoreApplication::translate(
            "DockerCommands", "Warning: docker-credential-astro is not on your PATH, where "
                              "Docker looks for it.\n"));
    return ExitOk;
}

} // namespace astro
