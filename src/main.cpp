// The one place where the real dependencies are wired: streams, config file, credential
// store, network. Everything else receives them through astro::Services.
#include "cli/Commands.h"
#include "core/Paths.h"
#include "platform/SecretServiceProbe.h"
#include "platform/Terminal.h"
#include "store/FallbackStore.h"
#include "store/FileStore.h"
#include "store/KeychainStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>

#include <memory>

using namespace astro;

namespace {

std::unique_ptr<CredentialStore> makeStore(const QProcessEnvironment& env, Console* console, Error* error)
{
    const QString mode = env.value(QStringLiteral("ASTRO_CREDENTIAL_STORE"), QStringLiteral("auto")).toLower();
    bool ok = false;
    const double secs = env.value(QStringLiteral("ASTRO_KEYCHAIN_TIMEOUT")).toDouble(&ok);
    const int timeoutMs = ok && secs > 0 ? int(secs * 1000) : 5000;
    auto warn = [console](const QString& m) { console->err(m + QLatin1Char('\n')); };
    auto keychain = [&](const QString& hint) {
        auto k = std::make_unique<KeychainStore>(platform::keychainDisplayName(), timeoutMs, hint);
        k->setLockedProbe([timeoutMs] { return platform::secretServiceDefaultCollectionLocked(timeoutMs); });
        return k;
    };
    auto file = [&] { return std::make_unique<FileStore>(credentialsFilePath(env), warn); };
    if (mode == QLatin1String("keychain"))
        return keychain(QStringLiteral(" Start or unlock your keychain, or set ASTRO_CREDENTIAL_STORE=auto to allow "
                                       "the file fallback."));
    if (mode == QLatin1String("file"))
        return file();
    if (mode == QLatin1String("auto"))
        return std::make_unique<FallbackStore>(keychain(QString()), file(), warn);
    *error = Error::make(ExitUsage, QStringLiteral("ASTRO_CREDENTIAL_STORE must be auto, keychain or file, not \"%1\".")
                                        .arg(mode.left(40)));
    return nullptr;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("astro"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ASTRO_VERSION));

    QFile out, err;
    out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
    Console::Input input;
    input.stdinIsTerminal = platform::stdinIsTerminal();
    input.stdoutIsTerminal = platform::stdoutIsTerminal();
    input.readLine = platform::readStdinLine;
    input.readAll = [] { return platform::readStdinAll(64 * 1024); };
    Console console(&out, &err, input);

    Services services;
    services.env = QProcessEnvironment::systemEnvironment();
    services.console = &console;
    ConfigFile config(configPath(services.env));
    services.config = &config;

    std::unique_ptr<CredentialStore> store;
    services.store = [&](Error* e) {
        if (!store)
            store = makeStore(services.env, &console, e);
        return store.get();
    };
    std::unique_ptr<QNetworkAccessManager> nam;
    services.network = [&] {
        if (!nam)
            nam = std::make_unique<QNetworkAccessManager>();
        return nam.get();
    };
    bool ok = false;
    const int httpSecs = services.env.value(QStringLiteral("ASTRO_HTTP_TIMEOUT")).toInt(&ok);
    if (ok && httpSecs > 0)
        services.httpTimeoutMs = httpSecs * 1000;

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    return runCli(services, args);
}
