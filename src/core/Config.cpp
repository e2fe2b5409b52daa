#include "Config.h"

#include "DisplayText.h"
#include "SafeFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <set>
#include <vector>

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

// Sets a value of ours: a string, whatever the node held before (tag "!" = "a string", as
// yaml-cpp marks quoted scalars).
void setString(YAML::Node node, const QString& value)
{
    node = s(value);
    node.SetTag("!");
}

// True when `text`, written plain, would be read as something other than a string by a
// YAML 1.1 reader (PyYAML, go-yaml v2) or a YAML 1.2 one: null, a boolean (yes, on, y), an
// integer (0012, 0x1F, 0b101, 0o17, 1:20), a float (3.14, 1e3, .inf), a timestamp, a merge
// or value key.
bool plainWouldNotBeAString(const std::string& text)
{
    static const QRegularExpression nonString(QStringLiteral(
        "^(|~|null|Null|NULL"
        "|[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
        "|=|<<"
        "|[-+]?(0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+"
        "|[0-9][0-9_]*(:[0-5]?[0-9])*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?"
        "|\\.[0-9][0-9_]*([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF))"
        "|\\.(nan|NaN|NAN)"
        "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\\.[0-9]*)?"
        "([ \\t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?"
        ")$"));
    return nonString.match(QString::fromStdString(text)).hasMatch();
}

// A walk through a parsed file's nodes, aliases followed. Aliases may repeat a node (merge
// keys do, once per context), but a file must not multiply into millions of nodes: the walk
// visits at most 64 nodes per byte of the file (a node takes at least two), 2 M in all, and
// at most 256 levels; a container inside itself (an anchor whose own content refers to it)
// ends the walk at once.
struct NodeWalk
{
    qint64 budget;
    std::vector<YAML::Node> path; // the containers above the current node

    // One node of the walk; ok is false when the walk must stop before it.
    struct Step
    {
        Step(NodeWalk* w, const YAML::Node& n) : walk(w)
        {
            if (--walk->budget < 0 || walk->path.size() > 256) {
                walk->budget = -1;
                return;
            }
            if (n.IsMap() || n.IsSequence()) {
                for (const YAML::Node& above : walk->path) {
                    if (above.is(n)) {
                        walk->budget = -1;
                        return;
                    }
                }
                walk->path.push_back(n);
                pushed = true;
            }
            ok = true;
        }
        ~Step()
        {
            if (pushed)
                walk->path.pop_back();
        }
        Step(const Step&) = delete;
        Step& operator=(const Step&) = delete;
        NodeWalk* walk;
        bool ok = false;
        bool pushed = false;
    };
};

qint64 nodeBudget(qsizetype textSize)
{
    return qMin<qint64>(2 * 1024 * 1024, 1024 + 64 * qint64(textSize));
}

// yaml-cpp's own emitter drops the quotes of quoted scalars ("0012" came back as 0012, an
// octal 10). This one keeps every scalar's type: a string (quoted in the source, or set by
// us) that would read as something else when plain is double-quoted; a plain scalar stays
// plain, so it reads as before; other tags are kept. Comments are not kept. Aliases are
// written out in full, within the walk's budget (false when exceeded: an alias bomb, or an
// alias that contains itself, which would never end).
bool emitNode(YAML::Emitter& e, const YAML::Node& n, NodeWalk* walk)
{
    const NodeWalk::Step step(walk, n);
    if (!step.ok)
        return false;
    const std::string& tag = n.Tag();
    const bool isString = tag == "!" || tag.empty() || tag == "tag:yaml.org,2002:str";
    if (!isString && tag != "?")
        e << YAML::VerbatimTag(tag);
    switch (n.Type()) {
    case YAML::NodeType::Scalar:
        if (isString && plainWouldNotBeAString(n.Scalar()))
            e << YAML::DoubleQuoted;
        e << n.Scalar();
        return true;
    case YAML::NodeType::Sequence:
        if (n.Style() == YAML::EmitterStyle::Flow)
            e << YAML::Flow;
        e << YAML::BeginSeq;
        for (const YAML::Node& item : n) {
            if (!emitNode(e, item, walk))
                return false;
        }
        e << YAML::EndSeq;
        return true;
    case YAML::NodeType::Map:
        if (n.Style() == YAML::EmitterStyle::Flow)
            e << YAML::Flow;
        e << YAML::BeginMap;
        for (const auto& kv : n) {
            e << YAML::Key;
            if (!emitNode(e, kv.first, walk))
                return false;
            e << YAML::Value;
            if (!emitNode(e, kv.second, walk))
                return false;
        }
        e << YAML::EndMap;
        return true;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        e << YAML::Null;
        return true;
    }
    return true;
}

// yaml-cpp accepts a mapping that has a key twice and then reads and rewrites only the
// first: such a file is corrupt (YAML 1.2 forbids it). Throws, naming the key. Aliases are
// followed within the walk's budget (an alias bomb is not searched through; what an alias
// repeats was searched where it was anchored).
void rejectDuplicateKeys(const YAML::Node& n, NodeWalk* walk)
{
    const NodeWalk::Step step(walk, n);
    if (!step.ok)
        return;
    if (n.IsSequence()) {
        for (const YAML::Node& item : n)
            rejectDuplicateKeys(item, walk);
    } else if (n.IsMap()) {
        // A key is its type and its text: `on` and "on" differ for a YAML 1.1 reader (a
        // boolean, a string), `abc` and "abc" do not.
        std::set<std::pair<std::string, std::string>> seen;
        for (const auto& kv : n) {
            const std::string tag = kv.first.Tag().empty() ? std::string("?") : kv.first.Tag();
            const bool isString = tag == "!" || tag == "tag:yaml.org,2002:str" ||
                                  (tag == "?" && !plainWouldNotBeAString(kv.first.Scalar()));
            if (kv.first.IsScalar() &&
                !seen.insert({isString ? std::string("!") : tag, kv.first.Scalar()}).second)
                throw YAML::Exception(
                    YAML::Mark::null_mark(),
                    QCoreApplication::translate("Config", "the key \"%1\" appears twice")
                        .arg(displaySafeLine(QString::fromStdString(kv.first.Scalar()).left(80)))
                        .toStdString());
            rejectDuplicateKeys(kv.second, walk);
        }
    }
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
        NodeWalk walk{nodeBudget(text.size()), {}};
        rejectDuplicateKeys(root, &walk);
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
        c.m_nodeBudget = nodeBudget(text.size());
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
    // What we set adds a few nodes to what was read.
    NodeWalk walk{m_nodeBudget + nodeBudget(0), {}};
    YAML::Emitter e;
    if (!emitNode(e, m_root, &walk)) {
        YAML::Emitter withAliases; // yaml-cpp's own, which writes aliases as aliases
        withAliases << m_root;
        return QByteArray(withAliases.c_str(), int(withAliases.size())) + '\n';
    }
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
    setString(m_root["context"], key);
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
    info.product = scalar(c, "product");
    return info;
}

void Config::setContextField(const QString& key, const QString& field, const QString& value)
{
    YAML::Node ctx = m_root["contexts"][s(key)];
    setString(ctx[s(field)], value);
}

void Config::clearLogin(const QString& key)
{
    if (!hasContext(key))
        return;
    YAML::Node ctx = m_root["contexts"][s(key)];
    setString(ctx["user_email"], QString());
    // astro-cli keeps tokens in this file; we never write them, and logout removes theirs.
    removePlaintextTokens(key);
}

namespace {
const char* const kPlaintextKeys[] = {"token", "refreshtoken", "expiresin"};

PlaintextTokens plaintextIn(const YAML::Node& c)
{
    PlaintextTokens t;
    if (!c || !c.IsMap())
        return t;
    QString token = scalar(c, "token");
    if (token.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive))
        token = token.mid(7);
    t.accessToken = token.trimmed();
    t.refreshToken = scalar(c, "refreshtoken").trimmed();
    // Go's time.Time as yaml.v3 writes it: RFC 3339 with up to 9 fractional digits, which
    // Qt reads only up to milliseconds.
    static const QRegularExpression extraDigits(QStringLiteral("(\\.[0-9]{3})[0-9]+"));
    QString when = scalar(c, "expiresin").trimmed();
    when.replace(extraDigits, QStringLiteral("\\1"));
    const QDateTime at = QDateTime::fromString(when, Qt::ISODateWithMs);
    if (at.isValid())
        t.expiresAt = at.toUTC();
    return t;
}
} // namespace

PlaintextTokens Config::plaintextTokens(const QString& key) const
{
    const YAML::Node contexts = m_root["contexts"];
    if (!contexts || !contexts.IsMap())
        return {};
    return plaintextIn(contexts[s(key)]);
}

QStringList Config::contextsWithPlaintextTokens() const
{
    QStringList keys;
    const YAML::Node contexts = m_root["contexts"];
    if (contexts && contexts.IsMap()) {
        for (const auto& kv : contexts) {
            if (kv.first.IsScalar() && !plaintextIn(kv.second).isEmpty())
                keys << QString::fromStdString(kv.first.Scalar());
        }
    }
    return keys;
}

void Config::removePlaintextTokens(const QString& key)
{
    if (!hasContext(key))
        return;
    YAML::Node ctx = m_root["contexts"][s(key)];
    if (!ctx.IsMap())
        return;
    for (const char* secret : kPlaintextKeys)
        ctx.remove(secret);
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
        return Error::make(
            ExitConfig,
            QCoreApplication::translate("Config", "%1 is locked by another process (lock file %2). "
                                                  "Try again when it has finished.")
                    .arg(m_path, lock.path()) +
                lock.holderSentence());
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
