#include "RealServices.h"

#include "core/DisplayText.h"
#include "core/Redact.h"
#include "platform/Exec.h"
#include "platform/Paths.h"
#include "platform/SecretServiceProbe.h"
#include "platform/Terminal.h"
#include "store/FallbackStore.h"
#include "store/FileStore.h"
#include "store/KeychainStore.h"

#include <QCoreApplication>
#include <cstdio>

namespace astro {

// Texts of this file for Qt Linguist (context "RealServices").
struct WiringText
{
    Q_DECLARE_TR_FUNCTIONS(RealServices)
};
namespace {

std::unique_ptr<CredentialStore> makeStore(const QProcessEnvironment& env, Console* console,
                                           Error* error)
{
    const QString mode =
        env.value(QStringLiteral("ASTRO_CREDENTIAL_STORE"), QStringLiteral("auto")).toLower();
    int timeoutMs = 5000;
    const QString timeout = env.value(QStringLiteral("ASTRO_KEYCHAIN_TIMEOUT"));
    if (!timeout.isEmpty() && mode != QLatin1String("file")) {
        bool ok = false;
        const double secs = timeout.trimmed().toDouble(&ok);
        if (!ok || !(secs > 0) || secs > 3600) {
            *error = Error::make(ExitUsage, WiringText::tr("ASTRO_KEYCHAIN_TIMEOUT must be a "
                                                           "number of seconds, more than 0 and "
                                                           "at most 3600, not \"%1\".")
                                                .arg(displaySafeLine(timeout.left(40))));
            return nullptr;
        }
        timeoutMs = qMax(1, int(secs * 1000));
    }
    auto warn = [console](const QString& m) { console->err(m + QLatin1Char('\n')); };
    auto keychain = [&](const QString& hint) {
        auto k = std::make_unique<KeychainStore>(platform::keychainDisplayName(), timeoutMs, hint);
        k->setLockedProbe(
            [timeoutMs] { return platform::secretServiceDefaultCollectionLocked(timeoutMs); });
        k->setDirectReader([timeoutMs](const QString& key, QByteArray* payload) {
            return platform::readSecretServiceItem(QLatin1String(KeychainStore::kService), key,
                                                   timeoutMs, payload);
        });
        return k;
    };
    auto file = [&] { return std::make_unique<FileStore>(credentialsFilePath(env), warn); };
    if (mode == QLatin1String("keychain"))
        return keychain(WiringText::tr(
            " Start or unlock your keychain, or set ASTRO_CREDENTIAL_STORE=auto to allow "
            "the file fallback."));
    if (mode == QLatin1String("file")) // chosen, so a write is no fallback to announce
        return std::make_unique<FileStore>(credentialsFilePath(env), nullptr);
    if (mode == QLatin1String("auto"))
        return std::make_unique<FallbackStore>(keychain(QString()), file(), warn);
    *error = Error::make(
        ExitUsage,
        WiringText::tr("ASTRO_CREDENTIAL_STORE must be auto, keychain or file, not \"%1\".")
            .arg(mode.left(40)));
    return nullptr;
}

// astro's own log categories (astro.*, on with QT_LOGGING_RULES) go to stderr as Qt would
// print them. Qt's own messages ("QFSFileEngine::open: No file name specified", "QIODevice::
// read: device not open") are no message for users: they are kept for the debug log
// (QT_LOGGING_RULES set) only. Every line passes redactSecrets() (no token, whatever Qt
// prints) and displaySafe() (no terminal escape).
void logToStderr(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    static const bool debugLog = !qEnvironmentVariableIsEmpty("QT_LOGGING_RULES");
    const bool ours = context.category && qstrncmp(context.category, "astro.", 6) == 0;
    if (!ours && !debugLog && type != QtFatalMsg)
        return;
    // A message about a message (a warning from the redaction itself) is dropped: it could
    // carry what was being redacted, and would recurse.
    static thread_local bool inHandler = false;
    if (inHandler)
        return;
    inHandler = true;
    struct Reset
    {
        ~Reset() { inHandler = false; }
    } reset;
    const QByteArray line =
        displaySafe(redactSecrets(qFormatLogMessage(type, context, message))).toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

RealServices::RealServices()
{
    qInstallMessageHandler(logToStderr);
    m_out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    m_err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
    Console::Input input;
    input.stdinIsTerminal = platform::stdinIsTerminal();
    input.stdoutIsTerminal = platform::stdoutIsTerminal();
    input.showsUnicode = platform::terminalShowsUnicode();
    input.readLine = platform::readStdinLine;
    input.readAll = [] { return platform::readStdinAll(64 * 1024); };
    m_console = std::make_unique<Console>(&m_out, &m_err, input);

    m_services.env = QProcessEnvironment::systemEnvironment();
    m_services.console = m_console.get();
    m_config = std::make_unique<ConfigFile>(configPath(m_services.env));
    m_services.config = m_config.get();
    m_services.execCommand = platform::execCommand;
    m_services.store = [this](Error* e) {
        if (!m_store)
            m_store = makeStore(m_services.env, m_console.get(), e);
        return m_store.get();
    };
}

RealServices::~RealServices() = default;

Error RealServices::setupError() const
{
    if (astroDir(m_services.env).isEmpty())
        return Error::make(ExitUsage, WiringText::tr("Cannot find your home directory: HOME is "
                                                     "not set, and the password database has "
                                                     "no home directory for this account. Set "
                                                     "HOME or ASTRO_HOME."));
    return Error::none();
}

} // namespace astro
