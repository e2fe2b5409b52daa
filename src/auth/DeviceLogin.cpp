#include "DeviceLogin.h"

#include "TokenResponse.h"
#include "core/DisplayText.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <algorithm>

namespace astro {

static Error codeExpired()
{
    return Error::make(ExitAuthFailed,
                       QCoreApplication::translate("DeviceLogin",
                                                   "the code expired before it was approved. Run "
                                                   "'astro login --device-code' again."));
}

DeviceLogin::DeviceLogin(const IdentityProvider& idp, QObject* parent) : QObject(parent), m_idp(idp)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DeviceLogin::poll);
}

int DeviceLogin::clampInterval(const QJsonValue& value)
{
    if (!value.isDouble())
        return 5; // RFC 8628 §3.2: the default
    const double secs = value.toDouble();
    if (!(secs >= kMinPollIntervalSecs))
        return kMinPollIntervalSecs;
    return secs > kMaxPollIntervalSecs ? kMaxPollIntervalSecs : int(secs);
}

int DeviceLogin::clampLifetime(const QJsonValue& value)
{
    if (!value.isDouble() || !(value.toDouble() >= 1))
        return kDefaultDeviceCodeLifetimeSecs;
    const double secs = value.toDouble();
    return secs > kMaxDeviceCodeLifetimeSecs ? kMaxDeviceCodeLifetimeSecs : int(secs);
}

Error DeviceLogin::start()
{
    if (!m_idp.offersDeviceCode())
        return Error::make(ExitUsage,
                           QCoreApplication::translate(
                               "DeviceLogin",
                               "this server does not offer the device code login "
                               "(no device_authorization_endpoint). Use '--login-link' instead."));
    const HttpResponse r = m_idp.requestDeviceCode();
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
    m_auth.userCode = displaySafeLine(o.value(QStringLiteral("user_code")).toString().left(64));
    m_auth.verificationUri = QUrl(o.value(QStringLiteral("verification_uri")).toString());
    m_auth.verificationUriComplete =
        QUrl(o.value(QStringLiteral("verification_uri_complete")).toString());
    m_auth.expiresInSecs = clampLifetime(o.value(QStringLiteral("expires_in")));
    m_auth.intervalSecs = clampInterval(o.value(QStringLiteral("interval")));
    if (m_auth.deviceCode.isEmpty() || m_auth.userCode.isEmpty() ||
        !m_auth.verificationUri.isValid())
        return Error::make(
            ExitNetwork,
            QCoreApplication::translate("DeviceLogin", "The device login answer is incomplete."));
    m_sinceStart.start();
    m_lifetimeMs = qint64(m_auth.expiresInSecs) * 1000;
    m_sinceLastAnswer.start();
    Q_EMIT authorizationReady(m_auth);
    scheduleNextPoll();
    return Error::none();
}

void DeviceLogin::scheduleNextPoll()
{
    // No earlier than `interval` after the previous answer; no later than the code's end
    // (then one last poll tells whether it was approved in time).
    const qint64 wait = qint64(m_auth.intervalSecs) * 1000 - m_sinceLastAnswer.elapsed();
    const qint64 left = m_lifetimeMs - m_sinceStart.elapsed();
    const qint64 ms = std::max<qint64>(0, std::min(wait, left));
    m_timer.start(int(std::min<qint64>(ms, qint64(kMaxPollIntervalSecs) * 1000)));
}

void DeviceLogin::poll()
{
    if (m_done)
        return;
    const bool lastChance = m_sinceStart.elapsed() >= m_lifetimeMs;
    if (!lastChance && m_sinceLastAnswer.elapsed() < qint64(m_auth.intervalSecs) * 1000) {
        scheduleNextPoll(); // the timer fired early: never poll before the interval is over
        return;
    }
    ++m_polls;
    const HttpResponse r = m_idp.pollDeviceToken(m_auth.deviceCode);
    m_sinceLastAnswer.start();
    Credentials c;
    QString error;
    const Error parsed =
        parseTokenReply(r, Credentials(), QDateTime::currentDateTimeUtc(), &c, &error);
    if (!parsed) {
        finish(Error::none(), c);
        return;
    }
    if (r.transportError && !r.untrustworthy) {
        // A network blip while polling is retried until the code expires.
    } else if (error == QLatin1String("authorization_pending")) {
    } else if (error == QLatin1String("slow_down")) {
        m_auth.intervalSecs = qMin(m_auth.intervalSecs + kSlowDownStepSecs, kMaxPollIntervalSecs);
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
                .arg(displaySafeLine(
                    r.json().value(QStringLiteral("error_description")).toString().left(300)))));
        return;
    } else {
        finish(Error::make(parsed.code,
                           QCoreApplication::translate("DeviceLogin", "The device login failed: %1")
                               .arg(parsed.message)));
        return;
    }
    if (lastChance) {
        finish(codeExpired());
        return;
    }
    scheduleNextPoll();
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
