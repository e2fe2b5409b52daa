#include "SecretServiceProbe.h"

#include <QtGlobal>

#if defined(Q_OS_LINUX)
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QDeadlineTimer>
#include <QMap>
#endif

#if defined(Q_OS_LINUX)
namespace {

// The Secret Service's Secret struct, (oayays): session, parameters, value, content type.
struct SecretValue
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

const QDBusArgument& operator>>(const QDBusArgument& a, SecretValue& s)
{
    a.beginStructure();
    a >> s.session >> s.parameters >> s.value >> s.contentType;
    a.endStructure();
    return a;
}

QDBusArgument& operator<<(QDBusArgument& a, const SecretValue& s)
{
    a.beginStructure();
    a << s.session << s.parameters << s.value << s.contentType;
    a.endStructure();
    return a;
}

} // namespace
Q_DECLARE_METATYPE(SecretValue)

namespace {

// QtKeychain's choice of backend (keychain_unix.cpp, from Chromium's xdg_util): KDE's
// sessions prefer KWallet.
bool qtKeychainPrefersKWallet()
{
    const QByteArray desktop = qgetenv("XDG_CURRENT_DESKTOP");
    if (desktop == "GNOME" || desktop == "Unity" || desktop == "XFCE")
        return false;
    if (desktop == "KDE")
        return true;
    const QByteArray session = qgetenv("DESKTOP_SESSION");
    if (session == "gnome" || session.contains("xfce") || session == "xubuntu")
        return false;
    if (session == "kde" || session == "kde4")
        return true;
    if (!qgetenv("GNOME_DESKTOP_SESSION_ID").isEmpty())
        return false;
    return !qgetenv("KDE_FULL_SESSION").isEmpty();
}

} // namespace
#endif

namespace astro::platform {

bool secretServiceDefaultCollectionLocked(int timeoutMs)
{
#if defined(Q_OS_LINUX)
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return false;
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"),
        QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    call << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusMessage reply = bus.call(call, QDBus::Block, timeoutMs);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return false;
    return reply.arguments().constFirst().value<QDBusVariant>().variant().toBool();
#else
    Q_UNUSED(timeoutMs);
    return false;
#endif
}

DirectRead readSecretServiceItem(const QString& service, const QString& key, int timeoutMs,
                                 QByteArray* secret)
{
#if defined(Q_OS_LINUX)
    if (qtKeychainPrefersKWallet())
        return DirectRead::Unknown;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return DirectRead::Unknown;
    qDBusRegisterMetaType<SecretValue>();
    qDBusRegisterMetaType<QMap<QString, QString>>();
    const QString name = QStringLiteral("org.freedesktop.secrets");
    const QString root = QStringLiteral("/org/freedesktop/secrets");
    const QString serviceInterface = QStringLiteral("org.freedesktop.Secret.Service");
    const QDeadlineTimer deadline(timeoutMs);
    bool timedOut = false;
    auto call = [&](const QString& path, const QString& interface, const QString& method,
                    const QVariantList& args) {
        QDBusMessage m = QDBusMessage::createMethodCall(name, path, interface, method);
        m.setArguments(args);
        const QDBusMessage r =
            bus.call(m, QDBus::Block, int(qMax<qint64>(1, deadline.remainingTime())));
        if (r.type() == QDBusMessage::ErrorMessage &&
            (r.errorName() == QDBusError::errorString(QDBusError::NoReply) ||
             r.errorName() == QDBusError::errorString(QDBusError::Timeout) ||
             r.errorName() == QDBusError::errorString(QDBusError::TimedOut)))
            timedOut = true;
        return r;
    };
    QDBusMessage r = call(root, serviceInterface, QStringLiteral("OpenSession"),
                          {QStringLiteral("plain"), QVariant::fromValue(QDBusVariant(QString()))});
    if (r.type() != QDBusMessage::ReplyMessage || r.arguments().size() != 2)
        return timedOut ? DirectRead::TimedOut : DirectRead::Unknown;
    const QDBusObjectPath session = r.arguments().at(1).value<QDBusObjectPath>();
    DirectRead result = DirectRead::Unknown;
    const QMap<QString, QString> attributes{{QStringLiteral("server"), service},
                                            {QStringLiteral("user"), key},
                                            {QStringLiteral("type"), QStringLiteral("plaintext")}};
    r = call(root, serviceInterface, QStringLiteral("SearchItems"),
             {QVariant::fromValue(attributes)});
    if (r.type() == QDBusMessage::ReplyMessage && r.arguments().size() == 2) {
        const auto unlocked = qdbus_cast<QList<QDBusObjectPath>>(r.arguments().at(0));
        const auto locked = qdbus_cast<QList<QDBusObjectPath>>(r.arguments().at(1));
        if (unlocked.size() == 1 && locked.isEmpty()) {
            r = call(unlocked.first().path(), QStringLiteral("org.freedesktop.Secret.Item"),
                     QStringLiteral("GetSecret"), {QVariant::fromValue(session)});
            if (r.type() == QDBusMessage::ReplyMessage && r.arguments().size() == 1) {
                *secret = qdbus_cast<SecretValue>(r.arguments().at(0)).value;
                result = DirectRead::Found;
            }
        }
    }
    if (timedOut)
        result = DirectRead::TimedOut;
    // Closing the session needs no answer (the service closes it when we disconnect, too).
    bus.send(QDBusMessage::createMethodCall(name, session.path(),
                                            QStringLiteral("org.freedesktop.Secret.Session"),
                                            QStringLiteral("Close")));
    return result;
#else
    Q_UNUSED(service);
    Q_UNUSED(key);
    Q_UNUSED(timeoutMs);
    Q_UNUSED(secret);
    return DirectRead::Unknown;
#endif
}

} // namespace astro::platform
