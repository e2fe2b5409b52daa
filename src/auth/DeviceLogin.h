#pragma once

#include "IdentityProvider.h"
#include "core/Credentials.h"
#include "core/Error.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace astro {

// The bounds put on what a server says about polling (RFC 8628 §3.2, §3.5).
constexpr int kMinPollIntervalSecs = 1;
constexpr int kMaxPollIntervalSecs = 60;
constexpr int kSlowDownStepSecs = 5;
constexpr int kDefaultDeviceCodeLifetimeSecs = 600;
constexpr int kMaxDeviceCodeLifetimeSecs = 1800;

struct DeviceAuthorization
{
    QString deviceCode;
    QString userCode;
    QUrl verificationUri;
    QUrl verificationUriComplete; // may be empty
    int expiresInSecs = 0;
    int intervalSecs = 5;
};

// RFC 8628 device authorization grant, on QNetworkAccessManager (Qt 6.4 has no device
// flow; from Qt 6.9 QOAuth2DeviceAuthorizationFlow could sit behind the same signals).
// It polls no earlier than `interval` after the previous answer (measured, not trusted to a
// coarse timer), adds 5 s on slow_down (up to 60 s), and stops on expired_token,
// access_denied or when the code's lifetime is over. The server's numbers are clamped.
// Every answer is read by the one token-response parser. It neither prints nor stores.
class DeviceLogin : public QObject
{
    Q_OBJECT
public:
    explicit DeviceLogin(const IdentityProvider& idp, QObject* parent = nullptr);

    // Requests the user code; on success emits authorizationReady() and starts polling.
    Error start();
    // The server's `interval` and `expires_in` (any JSON values), clamped.
    static int clampInterval(const QJsonValue& value);
    static int clampLifetime(const QJsonValue& value);
    int pollCount() const { return m_polls; }
    int currentIntervalSecs() const { return m_auth.intervalSecs; }

Q_SIGNALS:
    void authorizationReady(const astro::DeviceAuthorization& authorization);
    void slowedDown(int newIntervalSecs);
    void succeeded(const astro::Credentials& credentials);
    void failed(const astro::Error& error);

private:
    void poll();
    void scheduleNextPoll();
    void finish(const Error& e, const Credentials& c = Credentials());

    IdentityProvider m_idp;
    DeviceAuthorization m_auth;
    QTimer m_timer;
    QElapsedTimer m_sinceLastAnswer; // the interval counts from the previous answer
    QElapsedTimer m_sinceStart;
    qint64 m_lifetimeMs = 0;
    int m_polls = 0;
    bool m_done = false;
};

} // namespace astro
