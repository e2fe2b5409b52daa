#pragma once

#include "IdentityProvider.h"
#include "core/Credentials.h"
#include "core/Error.h"

#include <QObject>
#include <QUrl>

class QNetworkAccessManager;
class QOAuth2AuthorizationCodeFlow;

namespace astro {

class LoopbackReplyHandler;

// The authorization-code flow with PKCE S256 and a fresh CSPRNG state, as astro runs it
// against Auth0 (prompt=login, audience, response_mode=query, offline_access), through
// QOAuth2AuthorizationCodeFlow with Qt 6.4's defects worked around:
//  * PKCE is added by hand below Qt 6.8 (native from 6.8 on; never two challenges);
//  * the state is ours, set before every grant, and checked by the listener (also for
//    error= callbacks, which Qt 6.4 would process first);
//  * the code exchange's answer is read by our bounded parser (parseTokenReply), never
//    by Qt's, which hangs on answers it cannot parse and logs their bodies.
// It neither prints nor stores: it emits the URL to open and the outcome.
class BrowserLogin : public QObject
{
    Q_OBJECT
public:
    BrowserLogin(const IdentityProvider& idp, LoopbackReplyHandler* listener,
                 QObject* parent = nullptr);
    ~BrowserLogin() override;

    // Builds the authorization URL (emitted through authorizationUrlReady) and waits.
    void start();
    QUrl authorizationUrl() const { return m_url; }

Q_SIGNALS:
    void authorizationUrlReady(const QUrl& url);
    void callbackAccepted(); // the browser came back; exchanging the code
    void succeeded(const astro::Credentials& credentials);
    void failed(const astro::Error& error);

private:
    void finish(const Error& e, const Credentials& c = Credentials());

    AuthConfig m_config;
    OidcEndpoints m_endpoints;
    LoopbackReplyHandler* m_listener;
    QOAuth2AuthorizationCodeFlow* m_flow;
    QByteArray m_verifier;
    QUrl m_url;
    bool m_finished = false;
};

} // namespace astro
