#pragma once

#include "AstroPlatform.h"
#include "core/Credentials.h"
#include "core/Error.h"

#include <QObject>
#include <QTimer>

namespace astro {

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
// It polls at `interval`, adds 5 s on slow_down, and stops on expired_token or
// access_denied. It neither prints nor stores.
class DeviceLogin : public QObject
{
    Q_OBJECT
public:
    DeviceLogin(const Http& http, const AuthConfig& config, const OidcEndpoints& endpoints,
                QObject* parent = nullptr);

    // Requests the user code; on success emits authorizationReady() and starts polling.
    Error start();
    int pollCount() const { return m_polls; }
    int currentIntervalSecs() const { return m_auth.intervalSecs; }

Q_SIGNALS:
    void authorizationReady(const astro::DeviceAuthorization& authorization);
    void slowedDown(int newIntervalSecs);
    void succeeded(const astro::Credentials& credentials);
    void failed(const astro::Error& error);

private:
    void poll();
    void finish(const Error& e, const Credentials& c = Credentials());

    Http m_http;
    AuthConfig m_config;
    OidcEndpoints m_endpoints;
    DeviceAuthorization m_auth;
    QTimer m_timer;
    QDateTime m_deadline;
    int m_polls = 0;
    bool m_done = false;
};

} // namespace astro
