#include "Config.h"

#include "SafeFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace astro {
namespace {

std::string s(const QString& q)
{
    return q.toStdString();
}

// A problem with the file's shape, in the user's language (it ends up in the error message).
YAML::Exception shapeError(const char* what)
{
    return YAML::Exception(YAML::Mark::null_mark(),
                           QCoreApplication::translate("Config", what).toStdString());
}

QString scalar(const YAML::Node& n, const char* field)
{
    const YAML::Node v = n[field];
    if (!v || !v.IsScalar())
        return {};
    return QString::fromStdString(v.as<std::string>());
}

} // namespace

Error Config::parse(const QByteArray& text, const QString& origin, Config* out)
{
    Config c;
    try {
        YAML::Node root = YAML::Load(text.toStdString());
        if (root.IsNull()) {
            *out = c;
            return Error::none();
        }
        if (!root.IsMap())
            throw shapeError(QT_TRANSLATE_NOOP("Config", "the top level is not a mapping"));
        const YAML::Node contexts = root["contexts"];
        if (contexts && !contexts.IsNull() && !contexts.IsMap())
            throw shapeError(QT_TRANSLATE_NOOP("Config", "\"contexts\" is not a mapping"));
        if (contexts && contexts.IsMap()) {
            for (const auto& kv : contexts) {
                if (!kv.first.IsScalar())
                    throw shapeError(QT_TRANSLATE_NOOP("Config", "a context name is not a string"));
                if (!kv.second.IsMap() && !kv.second.IsNull())
                    throw shapeError(QT_TRANSLATE_NOOP("Config", "a context is not a mapping"));
            }
        }
        const YAML::Node current = root["context"];
        if (current && !current.IsScalar() && !current.IsNull())
            throw shapeError(QT_TRANSLATE_NOOP("Config", "\"context\" is not a string"));
        c.m_root = root;
    } catch (const YAML::Exception& e) {
        return Error::make(
            ExitConfig,
            QCoreApplication::translate(
                "Config", "%1 is not a valid astro config (%2). It was left unchanged: fix it, "
                          "or move it away to start afresh.")
                .arg(origin, QString::fromStdString(e.what())));
    }
    *out = c;
    return Error::none();
}

QByteArray Config::serialize() const
{
    YAML::Emitter e;
    e << m_root;
    QByteArray out(e.c_str(), int(e.size()));
    out.append('\n');
    return out;
}

QString Config::currentContext() const
{
    return scalar(m_root, "context");
}

void Config::setCurrentContext(const QString& key)
{
    m_root["context"] = s(key);
}

QStringList Config::contextKeys() const
{
    QStringList keys;
    const YAML::Node contexts = m_root["contexts"];
    if (contexts && contexts.IsMap()) {
        for (const auto& kv : contexts) {
            if (kv.first.IsScalar())
                keys << QString::fromStdString(kv.first.Scalar());
        }
    }
    return keys;
}

bool Config::hasContext(const QString& key) const
{
    const YAML::Node contexts = m_root["contexts"];
    return contexts && contexts.IsMap() && contexts[s(key)];
}

ContextInfo Config::context(const QString& key) const
{
    ContextInfo info;
    info.key = key;
    const YAML::Node contexts = m_root["contexts"];
    if (!contexts || !contexts.IsMap())
        return info;
    const YAML::Node c = contexts[s(key)];
    if (!c || !c.IsMap())
        return info;
    info.domain = scalar(c, "domain");
    info.userEmail = scalar(c, "user_email");
    info.organization = scalar(c, "organization");
    info.organizationProduct = scalar(c, "organization_product");
    info.workspace = scalar(c, "workspace");
    info.lastUsedWorkspace = scalar(c, "last_used_workspace");
    return info;
}

void Config::setContextField(const QString& key, const QString& field, const QString& value)
{
    YAML::Node ctx = m_root["contexts"][s(key)];
    ctx[s(field)] = s(value);
}

void Config::clearLogin(const QString& key)
{
    if (!hasContext(key))
        return;
    YAML::Node ctx = m_root["contexts"][s(key)];
    ctx["user_email"] = "";
    // astro-cli keeps tokens in this file; we never write them, and logout removes theirs.
    for (const char* secret : {"token", "refreshtoken"}) {
        if (ctx[secret])
            ctx[secret] = "";
    }
}

void Config::removeContext(const QString& key)
{
    YAML::Node contexts = m_root["contexts"];
    if (contexts && contexts.IsMap())
        contexts.remove(s(key));
}

ConfigFile::ConfigFile(QString path, int lockTimeoutMs)
    : m_path(std::move(path)), m_lockTimeoutMs(lockTimeoutMs)
{
}

Error ConfigFile::read(Config* out) const
{
    QByteArray text;
    QString why;
    switch (readBoundedFile(m_path, kMaxSize, &text, &why)) {
    case ReadStatus::Missing:
        *out = Config();
        return Error::none();
    case ReadStatus::TooLarge:
        return Error::make(
            ExitConfig,
            QCoreApplication::translate("Config", "%1 is larger than 4 MiB; it was left unchanged.")
                .arg(m_path));
    case ReadStatus::Failed:
        return Error::make(ExitConfig, why);
    case ReadStatus::Ok:
        break;
    }
    return Config::parse(text, m_path, out);
}

Error ConfigFile::whileLocked(const std::function<Error()>& action)
{
    const QString why = ensurePrivateDir(QFileInfo(m_path).absolutePath());
    if (!why.isEmpty())
        return Error::make(ExitConfig, why);
    InterProcessLock lock(m_path);
    switch (lock.acquire(m_lockTimeoutMs)) {
    case InterProcessLock::Busy:
        return Error::make(ExitConfig,
                           QCoreApplication::translate(
                               "Config", "%1 is locked by another astro process (lock file %2). "
                                         "Try again when it has finished.")
                               .arg(m_path, lock.path()));
    case InterProcessLock::Failed:
        return Error::make(ExitConfig, lock.errorString());
    case InterProcessLock::Acquired:
        break;
    }
    return action();
}

Error ConfigFile::update(const std::function<void(Config&)>& change)
{
    return whileLocked([&] {
        Config config;
        if (Error e = read(&config))
            return e;
        change(config);
        return writeFileAtomically(m_path, config.serialize(), ExitConfig);
    });
}

} // namespace astro
