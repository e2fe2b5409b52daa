#include "BrowserLogin.h"

#include "LoopbackReplyHandler.h"
#include "Pkce.h"
#include "TokenResponse.h"
#include "core/QtCompat.h"

#include <QCoreApplication>
#include <QOAuth2AuthorizationCodeFlow>
#include <QUrlQuery>

namespace astro {

BrowserLogin::BrowserLogin(const IdentityProvider& idp, LoopbackReplyHandler* listener,
                           QObject* parent)
    : QObject(parent), m_config(idp.config()), m_endpoints(idp.endpoints()), m_listener(listener),
      m_flow(new QOAuth2AuthorizationCodeFlow(idp.http().manager(), this))
{
    const AuthConfig& config = m_config;
    const OidcEndpoints& endpoints = m_endpoints;
    m_flow->setAuthorizationUrl(endpoints.authorization);
    m_flow->setAccessTokenUrl(endpoints.token);
    m_flow->setClientIdentifier(config.clientId);
    m_flow->setScope(QStringLiteral("openid profile email offline_access"));
    m_flow->setReplyHandler(listener);
    // Without discovery, the issuer is the domainUrl the login configuration names.
    m_listener->setExpectedIssuer(endpoints.issuer.isEmpty() ? config.domainUrl.toString()
                                                             : endpoints.issuer);
    m_listener->setIssuerRequired(endpoints.issParameterSupported);

    connect(m_flow, &QAbstractOAuth::authorizeWithBrowser, this, [this](const QUrl& url) {
        m_url = url;
        Q_EMIT authorizationUrlReady(url);
    });
    connect(m_listener, &QAbstractOAuthReplyHandler::callbackReceived, this,
            [this] { Q_EMIT callbackAccepted(); });
    connect(m_listener, &LoopbackReplyHandler::authorizationDenied, this,
            [this](const QString& error, const QString& description) {
                finish(Error::make(
                    ExitAuthFailed,
                    QCoreApplication::translate("BrowserLogin",
                                                "Could not authorize your device. %1: %2")
                        .arg(error, description.isEmpty() ? QStringLiteral("-") : description)));
            });
    connect(m_listener, &LoopbackReplyHandler::tokenReplyReceived, this,
            [this](const HttpResponse& response) {
                m_verifier.fill('\0'); // wipe: the exchange is over
                m_verifier.clear();
                Credentials c;
                QString errorCode;
                Error e = parseTokenReply(response, Credentials(), QDateTime::currentDateTimeUtc(),
                                          &c, &errorCode);
                if (errorCode == QLatin1String("invalid_grant"))
                    e.message = QCoreApplication::translate(
                        "BrowserLogin", "The token request failed: invalid_grant. The code "
                                        "expired or was already used; run 'astro login' again.");
                else if (e)
                    e.message =
                        QCoreApplication::translate("BrowserLogin", "The code exchange failed: %1")
                            .arg(e.message);
                finish(e, c);
            });
    connect(m_flow, &QAbstractOAuth::requestFailed, this, [this](QAbstractOAuth::Error e) {
        finish(Error::make(ExitNetwork,
                           QCoreApplication::translate(
                               "BrowserLogin", "The login request failed (Qt OAuth error %1).")
                               .arg(int(e))));
    });

    m_flow->setModifyParametersFunction(
        [this](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant>* params) {
            if (stage == QAbstractOAuth::Stage::RequestingAuthorization) {
                params->replace(QStringLiteral("prompt"), QStringLiteral("login"));
                if (!m_config.audience.isEmpty())
                    params->replace(QStringLiteral("audience"), m_config.audience);
                params->replace(QStringLiteral("response_mode"), QStringLiteral("query"));
#if !ASTRO_QT_NATIVE_PKCE
                params->replace(QStringLiteral("code_challenge"),
                                QString::fromLatin1(pkceChallengeS256(m_verifier)));
                params->replace(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
#endif
            } else if (stage == QAbstractOAuth::Stage::RequestingAccessToken) {
#if !ASTRO_QT_NATIVE_PKCE
                params->replace(QStringLiteral("code_verifier"), QString::fromLatin1(m_verifier));
#endif
            }
        });
#if ASTRO_QT_NATIVE_PKCE
    m_flow->setPkceMethod(QOAuth2AuthorizationCodeFlow::PkceMethod::S256);
#endif
}

BrowserLogin::~BrowserLogin()
{
    m_verifier.fill('\0');
}

void BrowserLogin::start()
{
    m_finished = false;
    m_verifier = pkceVerifier();
    // A fresh 256-bit state for every attempt (Qt 6.4's default is 8 weak characters).
    const QString state = QString::fromLatin1(randomUrlSafe(32));
    m_flow->setState(state);
    m_listener->setExpectedState(state);
    m_flow->grant();
}

void BrowserLogin::finish(const Error& e, const Credentials& c)
{
    if (m_finished)
        return;
    m_finished = true;
    m_listener->finishCallback(e.ok());
    if (e)
        Q_EMIT failed(e);
    else
        Q_EMIT succeeded(c);
}

} // namespace astro
