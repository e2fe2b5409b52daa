// Probe: the same item read straight from the Secret Service over Qt D-Bus, with the
// "plain" session algorithm (no Diffie-Hellman, no libsecret/GLib/GIO/libgcrypt):
// OpenSession("plain") -> SearchItems({server: astro-cli, user: argv[1]}) -> Item.GetSecret.
// The secret then crosses the (private, per-user) session bus unencrypted.
#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <cstdio>

struct Secret
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};
Q_DECLARE_METATYPE(Secret)
QDBusArgument& operator<<(QDBusArgument& a, const Secret& s)
{
    a.beginStructure();
    a << s.session << s.parameters << s.value << s.contentType;
    a.endStructure();
    return a;
}
const QDBusArgument& operator>>(const QDBusArgument& a, Secret& s)
{
    a.beginStructure();
    a >> s.session >> s.parameters >> s.value >> s.contentType;
    a.endStructure();
    return a;
}
using StringMap = QMap<QString, QString>;

static QDBusMessage call(const QString& path, const QString& iface, const QString& method,
                         const QVariantList& args)
{
    QDBusMessage m = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"), path,
                                                    iface, method);
    m.setArguments(args);
    return QDBusConnection::sessionBus().call(m, QDBus::Block, 5000);
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    qDBusRegisterMetaType<Secret>();
    qDBusRegisterMetaType<StringMap>();
    const QString service = QStringLiteral("org.freedesktop.Secret.Service");
    const QString root = QStringLiteral("/org/freedesktop/secrets");
    QDBusMessage r = call(root, service, QStringLiteral("OpenSession"),
                          {QStringLiteral("plain"), QVariant::fromValue(QDBusVariant(QString()))});
    if (r.type() != QDBusMessage::ReplyMessage)
        return 5;
    const QDBusObjectPath session = r.arguments().at(1).value<QDBusObjectPath>();
    const StringMap attrs{{QStringLiteral("server"), QStringLiteral("astro-cli")},
                          {QStringLiteral("user"), QString::fromLocal8Bit(argv[1])}};
    r = call(root, service, QStringLiteral("SearchItems"), {QVariant::fromValue(attrs)});
    if (r.type() != QDBusMessage::ReplyMessage)
        return 5;
    const auto unlocked = qdbus_cast<QList<QDBusObjectPath>>(r.arguments().at(0));
    if (unlocked.isEmpty())
        return 1;
    r = call(unlocked.first().path(), QStringLiteral("org.freedesktop.Secret.Item"),
             QStringLiteral("GetSecret"), {QVariant::fromValue(session)});
    if (r.type() != QDBusMessage::ReplyMessage)
        return 5;
    const Secret s = qdbus_cast<Secret>(r.arguments().at(0));
    fwrite(s.value.constData(), 1, size_t(s.value.size()), stdout);
    fputc('\n', stdout);
    call(session.path(), QStringLiteral("org.freedesktop.Secret.Session"), QStringLiteral("Close"),
         {});
    return 0;
}
