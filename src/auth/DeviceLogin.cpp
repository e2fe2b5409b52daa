#include "DeviceLogin.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace astro {

static Error codeExpired()
{
    return Error::make(ExitAuthFailed,
                       QCoreApplication::translate("DeviceLogin",
                                                   "the code expired before it was approved. Run "
                                                   "'astro login --device-code' again."));
}

DeviceLogin::DeviceLogin(const Http& http, const AuthConfig& config, const OidcEndpoints& endpoints,
                         QObject* parent)
    : QObject(parent), m_http(http), m_config(config), m_endpoints(endpoints)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DeviceLogin::poll);
}

Error DeviceLogin::start()
{
    if (m_endpoints.deviceAuthorization.isEmpty())
        return Error::make(ExitUsage,
                           QCoreApplication::translate(
                               "DeviceLogin",
                               "this server does not offer the device code login "
                               "(no device_authorization_endpoint). Use '--login-link' instead."));
    QList<QPair<QString, QString>> form{
        {QStringLiteral("client_id"), m_config.clientId},
        {QStringLiteral("scope"), QStringLiteral("openid profile email offline_access")}};
    if (!m_config.audience.isEmpty())
        form.append({QStringLiteral("audience"), m_config.audience});
    const HttpResponse r = m_http.postForm(m_endpoints.deviceAuthorization, form);
    if (r.transportError)
        return Error::make(ExitNetwork, QCoreApplication::translate(
                                            "DeviceLogin", "Cannot start the device login: %1.")
                                            .arg(r.errorString));
    const QJsonObject o = r.json();
    if (!r.isSuccess())
        return Error::make(ExitAuthFailed,
                           QCoreApplication::translate(
                               "DeviceLogin", "The server refused the device login (HTTP %1 %2).")
                               .arg(r.status)
                               .arg(o.value(QStringLiteral("error")).toString().left(100)));
    m_auth.deviceCode = o.value(QStringLiteral("device_code")).toString();
    m_auth.userCode = o.value(QStringLiteral("user_code")).toString();
    m_auth.verificationUri = QUrl(o.value(QStringLiteral("verification_uri")).toString());
    m_auth.verificationUriComplete =
        QUrl(o.value(QStringLiteral("verification_uri_complete")).toString());
    m_auth.expiresInSecs = o.value(QStringLiteral("expires_in")).toInt(600);
    m_auth.intervalSecs = qMax(1, o.value(QStringLiteral("interval")).toInt(5));
    if (m_auth.deviceCode.isEmpty() || m_auth.userCode.isEmpty() ||
        !m_auth.verificationUri.isValid())
        return Error::make(
            ExitNetwork,
            QCoreApplication::translate("DeviceLogin", "The device login answer is incomplete."));
    m_deadline = QDateTime::currentDateTimeUtc().addSecs(m_auth.expiresInSecs);
    Q_EMIT authorizationReady(m_auth);
    m_timer.start(m_auth.intervalSecs * 1000);
    return Error::none();
}

void DeviceLogin::poll()
{
    if (m_done)
        return;
    ++m_polls;
    const HttpResponse r = m_http.postForm(
        m_endpoints.token, {{QStringLiteral("grant_type"),
                             QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
                            {QStringLiteral("device_code"), m_auth.deviceCode},
                            {QStringLiteral("client_id"), m_config.clientId}});
    const QJsonObject o = r.json();
    if (r.isSuccess()) {
        Credentials c;
        c.accessToken = o.value(QStringLiteral("access_token")).toString();
        c.refreshToken = o.value(QStringLiteral("refresh_token")).toString();
        c.obtainedAt = QDateTime::currentDateTimeUtc();
        c.expiresAt = c.obtainedAt.addSecs(o.value(QStringLiteral("expires_in")).toInt(3600));
        if (c.accessToken.isEmpty())
            finish(Error::make(ExitNetwork,
                               QCoreApplication::translate(
                                   "DeviceLogin", "The token endpoint returned no access token.")));
        else
            finish(Error::none(), c);
        return;
    }
    const QString error = o.value(QStringLiteral("error")).toString();
    if (r.transportError) {
        // A network blip while polling is retried until the code expires.
    } else if (error == QLatin1String("authorization_pending")) {
    } else if (error == QLatin1String("slow_down")) {
        m_auth.intervalSecs += 5;
        Q_EMIT slowedDown(m_auth.intervalSecs);
    } else if (error == QLatin1String("expired_token")) {
        finish(codeExpired());
        return;
    } else if (error == QLatin1String("invalid_grant")) {
        // Some servers forget an expired device code and call it unknown.
        finish(Error::make(
            ExitAuthFailed,
            QCoreApplication::translate("DeviceLogin",
                                        "the code expired or was already used (invalid_grant). Run "
                                        "'astro login --device-code' again.")));
        return;
    } else if (error == QLatin1String("access_denied")) {
        finish(Error::make(
            ExitAuthFailed,
            QCoreApplication::translate("DeviceLogin",
                                        "Could not authorize your device. access_denied: %1")
                .arg(o.value(QStringLiteral("error_description")).toString().left(300))));
        return;
    } else {
        finish(Error::make(
            ExitAuthFailed,
            QCoreApplication::translate("DeviceLogin", "The device login failed (%1).")
                .arg(error.isEmpty() ? QStringLiteral("HTTP %1").arg(r.status) : error.left(100))));
        return;
    }
    if (QDateTime::currentDateTimeUtc() >= m_deadline) {
        finish(codeExpired());
        return;
    }
    m_timer.start(m_auth.intervalSecs * 1000);
}

void DeviceLogin::finish(const Error& e, const Credentials& c)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    if (e)
        Q_EMIT failed(e);
    else
        Q_EMIT succeeded(c);
}

} // namespace astro
