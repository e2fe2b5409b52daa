#pragma once

#include "CallbackRules.h"
#include "Http.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QOAuthOobReplyHandler>
#include <QPointer>
#include <QString>
#include <QTcpServer>
#include <memory>
#include <vector>

class QTcpSocket;
class QTimer;

namespace astro {

// The loopback redirect listener (RFC 8252 §7.3), our own instead of Qt 6.4's
// QOAuthHttpServerReplyHandler (which binds every interface, matches paths by prefix,
// ignores `state` and drops split requests: see docs/listener-choice.md).
//
// * Binds 127.0.0.1 and ::1 on the same port, never a wildcard address.
// * Accepts only GET on the exact callback path with a loopback Host header; headers are
//   limited in size and slow clients time out. Query values are fully decoded.
// * A wrong or missing state, a missing code or a stray request gets a 4xx page and the
//   listener keeps waiting. Only a callback with the right state (and `iss`, when the
//   server sends one) reaches the OAuth flow, through callbackReceived().
// * The callback request is held open until finishCallback(): the browser is then sent
//   (303) to a code-free /success or /failure page that this listener serves.
class LoopbackReplyHandler : public QOAuthOobReplyHandler
{
    Q_OBJECT
public:
    struct Limits
    {
        int maxHeaderBytes = 8192;
        int clientTimeoutMs = 10000;
        int maxConnections = 64;
    };

    explicit LoopbackReplyHandler(QObject* parent = nullptr);
    ~LoopbackReplyHandler() override;

    // Port 0 picks a free port. Returns false with a message naming the port when busy.
    // When the port asked for is busy, port() still names it (the redirect address a client
    // registers; a pasted address can finish the login) and portInUse() is true.
    bool listen(quint16 port, QString* error);
    bool portInUse() const { return m_portInUse; }
    void close();
    bool isListening() const;
    quint16 port() const { return m_port; }
    QList<QHostAddress> boundAddresses() const;

    QString callback() const override; // http://localhost:PORT/callback
    void setExpectedState(const QString& state) { m_expected.state = state.toUtf8(); }
    void setExpectedIssuer(const QString& issuer) { m_expected.issuer = issuer; }
    // RFC 9207: when discovery says the server always sends `iss`, a callback without it is
    // refused (a mix-up attack would lack it).
    void setIssuerRequired(bool required) { m_expected.issuerRequired = required; }
    void setLimits(const Limits& limits) { m_limits = limits; }
    void setPages(QByteArray success, QByteArray failure, QByteArray rejected);

    // The same checks as for a browser request, for an address the user pasted
    // (--login-link). Returns false with the reason when it is not for this login.
    bool acceptPastedCallback(const QHash<QString, QString>& params, QString* why);

    // Answers the held callback request: 303 to /success or /failure.
    void finishCallback(bool success);

Q_SIGNALS:
    // error= with the right state: the user (or the server) refused.
    void authorizationDenied(const QString& error, const QString& description);
    // A request that was answered with a 4xx; `reason` is safe to log (no values).
    void requestRejected(const QString& reason);
    // The token endpoint's answer to the code exchange, read through the bounded network
    // manager. Qt's own parsing never sees it: it hangs on answers it cannot parse and
    // logs their bodies (tokens included).
    void tokenReplyReceived(const astro::HttpResponse& response);
    void finalPageServed(bool success);

protected:
    void networkReplyFinished(QNetworkReply* reply) override;

private:
    CallbackCheck checkCallback(const QHash<QString, QString>& params, QString* why);
    void emitCallback(const QHash<QString, QString>& params);
    void onNewConnection(QTcpServer* server);
    void onReadyRead(QTcpSocket* socket);
    void handleRequest(QTcpSocket* socket, const QByteArray& method, const QByteArray& target,
                       const QByteArray& host);
    void reply(QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& body,
               const QByteArray& location = QByteArray());
    void reject(QTcpSocket* socket, int status, const QByteArray& reason, const QString& why);
    bool hostAllowed(const QByteArray& host) const;

    std::vector<std::unique_ptr<QTcpServer>> m_servers;
    quint16 m_port = 0;
    bool m_portInUse = false;
    Limits m_limits;
    ExpectedCallback m_expected;
    QByteArray m_successPage, m_failurePage, m_rejectedPage;
    QHash<QTcpSocket*, QByteArray> m_buffers; // connections still sending their request
    QList<QPointer<QTcpSocket>> m_order;      // the same, oldest first
    QPointer<QTcpSocket> m_pending;
    bool m_done = false;
};

} // namespace astro
