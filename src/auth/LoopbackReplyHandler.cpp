#include "LoopbackReplyHandler.h"

#include "core/DisplayText.h"
#include "core/QtCompat.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

Q_LOGGING_CATEGORY(lcListener, "astro.listener", QtWarningMsg)

namespace astro {

LoopbackReplyHandler::LoopbackReplyHandler(QObject* parent) : QOAuthOobReplyHandler(parent)
{
    m_successPage =
        "<!doctype html><title>Login successful</title><p>You can close this window and return to "
        "the terminal.</p>";
    m_failurePage =
        "<!doctype html><title>Login failed</title><p>Return to the terminal for details.</p>";
    m_rejectedPage =
        "<!doctype html><title>Not the expected request</title><p>This request does not belong to "
        "the login that is waiting.</p>";
}

LoopbackReplyHandler::~LoopbackReplyHandler()
{
    close();
}

bool LoopbackReplyHandler::listen(quint16 port, QString* error)
{
    close();
    auto v4 = std::make_unique<QTcpServer>();
    // Never through a proxy (a SOCKS all_proxy would otherwise be asked to listen for us).
    v4->setProxy(QNetworkProxy::NoProxy);
    m_port = port;
    m_portInUse = false;
    if (!v4->listen(QHostAddress(QHostAddress::LocalHost), port)) {
        m_portInUse = v4->serverError() == QAbstractSocket::AddressInUseError;
        if (error) {
            if (v4->serverError() == QAbstractSocket::AddressInUseError)
                *error =
                    QCoreApplication::translate(
                        "LoopbackReplyHandler",
                        "Port %1 on localhost is already in use, so the login callback cannot be "
                        "received. Is another 'astro login' running? Otherwise use "
                        "'--callback-port 0' for any free port, or '--login-link'.")
                        .arg(port);
            else
                *error = QCoreApplication::translate(
                             "LoopbackReplyHandler",
                             "Cannot listen on 127.0.0.1 port %1 for the login callback: %2")
                             .arg(port)
                             .arg(v4->errorString());
        }
        return false;
    }
    m_port = v4->serverPort();
    auto v6 = std::make_unique<QTcpServer>();
    v6->setProxy(QNetworkProxy::NoProxy);
    // ::1 on the same port. A machine without IPv6 loopback keeps IPv4 only; a port
    // taken on ::1 by someone else is a collision like any other.
    if (!v6->listen(QHostAddress(QHostAddress::LocalHostIPv6), m_port)) {
        if (v6->serverError() == QAbstractSocket::AddressInUseError) {
            v4->close();
            m_portInUse = true;
            if (error)
                *error =
                    QCoreApplication::translate(
                        "LoopbackReplyHandler",
                        "Port %1 on localhost (::1) is already in use. Is another 'astro login' "
                        "running? Otherwise use '--callback-port 0' or '--login-link'.")
                        .arg(m_port);
            return false;
        }
        qCDebug(lcListener) << "no IPv6 loopback:" << v6->errorString();
        v6.reset();
    }
    m_servers.push_back(std::move(v4));
    if (v6)
        m_servers.push_back(std::move(v6));
    for (auto& s : m_servers) {
        s->setMaxPendingConnections(m_limits.maxConnections);
        QTcpServer* raw = s.get();
        connect(raw, &QTcpServer::newConnection, this, [this, raw] { onNewConnection(raw); });
    }
    m_done = false;
    return true;
}

void LoopbackReplyHandler::close()
{
    for (auto& s : m_servers)
        s->close();
    m_servers.clear();
    const auto sockets = m_buffers.keys();
    for (QTcpSocket* sock : sockets)
        sock->abort();
    m_buffers.clear();
    m_order.clear();
}

bool LoopbackReplyHandler::isListening() const
{
    return !m_servers.empty();
}

QList<QHostAddress> LoopbackReplyHandler::boundAddresses() const
{
    QList<QHostAddress> out;
    for (const auto& s : m_servers)
        out << s->serverAddress();
    return out;
}

QString LoopbackReplyHandler::callback() const
{
    return QStringLiteral("http://localhost:%1/callback").arg(m_port);
}

void LoopbackReplyHandler::setPages(QByteArray success, QByteArray failure, QByteArray rejected)
{
    m_successPage = std::move(success);
    m_failurePage = std::move(failure);
    m_rejectedPage = std::move(rejected);
}

void LoopbackReplyHandler::onNewConnection(QTcpServer* server)
{
    while (QTcpSocket* socket = server->nextPendingConnection()) {
        // Defence in depth: we only bind loopback, so only loopback peers can connect.
        if (!socket->peerAddress().isLoopback()) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        // At capacity, the oldest unfinished connection makes room (slowloris must not be
        // able to lock the real browser out until the client timeout).
        while (m_buffers.size() >= m_limits.maxConnections && !m_order.isEmpty()) {
            QPointer<QTcpSocket> oldest = m_order.takeFirst();
            if (oldest && oldest != m_pending && m_buffers.contains(oldest)) {
                m_buffers.remove(oldest);
                oldest->abort();
            }
        }
        m_order.append(socket);
        // Owned by us, not by the server: closing the listener must not cut off a reply
        // that is still being written.
        socket->setParent(this);
        m_buffers.insert(socket, QByteArray());
        auto* timer = new QTimer(socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, [this, socket] {
            if (socket != m_pending)
                reject(
                    socket, 408, "Request Timeout",
                    QCoreApplication::translate("LoopbackReplyHandler", "slow client timed out"));
        });
        timer->start(m_limits.clientTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            m_order.removeAll(socket);
            socket->deleteLater();
        });
    }
}

void LoopbackReplyHandler::onReadyRead(QTcpSocket* socket)
{
    auto it = m_buffers.find(socket);
    if (it == m_buffers.end() || socket == m_pending)
        return;
    it->append(socket->read(m_limits.maxHeaderBytes + 1 - it->size()));
    int end = it->indexOf("\r\n\r\n");
    if (end < 0) {
        if (it->size() > m_limits.maxHeaderBytes)
            reject(
                socket, 431, "Request Header Fields Too Large",
                QCoreApplication::translate("LoopbackReplyHandler", "oversized request headers"));
        return; // wait for the rest: requests may arrive in several reads
    }
    RequestHead req;
    if (!parseRequestHead(it->left(end), &req)) {
        reject(socket, 400, "Bad Request", req.problem);
        return;
    }
    handleRequest(socket, req.method, req.target, req.host);
}

bool LoopbackReplyHandler::hostAllowed(const QByteArray& host) const
{
    const QByteArray port = QByteArray::number(m_port);
    return host == "localhost:" + port || host == "127.0.0.1:" + port || host == "[::1]:" + port;
}

void LoopbackReplyHandler::handleRequest(QTcpSocket* socket, const QByteArray& method,
                                         const QByteArray& target, const QByteArray& host)
{
    if (!hostAllowed(host)) {
        reject(socket, 421, "Misdirected Request",
               QCoreApplication::translate("LoopbackReplyHandler", "Host header is not localhost"));
        return;
    }
    if (method != "GET") {
        reject(socket, 405, "Method Not Allowed",
               QCoreApplication::translate("LoopbackReplyHandler", "method other than GET"));
        return;
    }
    const int q = target.indexOf('?');
    const QByteArray path = q < 0 ? target : target.left(q);
    const QByteArray query = q < 0 ? QByteArray() : target.mid(q + 1);
    if (path == "/success") {
        reply(socket, 200, "OK", m_successPage);
        Q_EMIT finalPageServed(true);
        return;
    }
    if (path == "/failure") {
        reply(socket, 200, "OK", m_failurePage);
        Q_EMIT finalPageServed(false);
        return;
    }
    if (path != "/callback") {
        reject(socket, 404, "Not Found",
               QCoreApplication::translate("LoopbackReplyHandler", "request for another path"));
        return;
    }
    if (m_done) {
        reject(socket, 409, "Conflict",
               QCoreApplication::translate("LoopbackReplyHandler",
                                           "callback after the login completed"));
        return;
    }
    const QHash<QString, QString> params = parseQuery(query);
    QString why;
    switch (checkCallback(params, &why)) {
    case CallbackCheck::Rejected:
        reject(socket, 400, "Bad Request", why);
        return;
    case CallbackCheck::Denied:
        m_pending = socket;
        finishCallback(false);
        Q_EMIT authorizationDenied(
            displaySafeLine(params.value(QStringLiteral("error")).left(200)),
            displaySafeLine(params.value(QStringLiteral("error_description")).left(500)));
        return;
    case CallbackCheck::Accepted:
        m_pending = socket; // answered by finishCallback() once the code exchange is over
        if (QTimer* t = socket->findChild<QTimer*>())
            t->stop();
        emitCallback(params);
        return;
    }
}

CallbackCheck LoopbackReplyHandler::checkCallback(const QHash<QString, QString>& params,
                                                  QString* why)
{
    if (m_done) {
        *why = QCoreApplication::translate("LoopbackReplyHandler",
                                           "callback after the login completed");
        return CallbackCheck::Rejected;
    }
    const CallbackCheck verdict = judgeCallback(params, m_expected, why);
    if (verdict != CallbackCheck::Rejected)
        m_done = true;
    return verdict;
}

void LoopbackReplyHandler::emitCallback(const QHash<QString, QString>& params)
{
    QVariantMap values;
    for (auto p = params.cbegin(); p != params.cend(); ++p)
        values.insert(p.key(),
                      p.key() == QLatin1String("code") ? codeForOAuthFlow(p.value()) : p.value());
    Q_EMIT callbackReceived(values);
}

bool LoopbackReplyHandler::acceptPastedCallback(const QHash<QString, QString>& params, QString* why)
{
    switch (checkCallback(params, why)) {
    case CallbackCheck::Rejected:
        return false;
    case CallbackCheck::Denied:
        Q_EMIT authorizationDenied(
            displaySafeLine(params.value(QStringLiteral("error")).left(200)),
            displaySafeLine(params.value(QStringLiteral("error_description")).left(500)));
        return true;
    case CallbackCheck::Accepted:
        emitCallback(params);
        return true;
    }
    return false;
}

void LoopbackReplyHandler::finishCallback(bool success)
{
    if (!m_pending)
        return;
    QTcpSocket* socket = m_pending;
    m_pending = nullptr;
    const QByteArray location = QByteArray(success ? "/success" : "/failure");
    reply(socket, 303, "See Other", QByteArray(), location);
}

void LoopbackReplyHandler::reject(QTcpSocket* socket, int status, const QByteArray& reason,
                                  const QString& why)
{
    qCDebug(lcListener).noquote() << "rejected:" << why;
    Q_EMIT requestRejected(why);
    reply(socket, status, reason, m_rejectedPage);
}

void LoopbackReplyHandler::reply(QTcpSocket* socket, int status, const QByteArray& reason,
                                 const QByteArray& body, const QByteArray& location)
{
    QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    if (!location.isEmpty())
        r += "Location: " + location + "\r\n";
    r += "Content-Type: text/html; charset=utf-8\r\n"
         "Content-Length: " +
         QByteArray::number(body.size()) +
         "\r\n"
         "Cache-Control: no-store\r\n"
         "Pragma: no-cache\r\n"
         "Referrer-Policy: no-referrer\r\n"
         "X-Content-Type-Options: nosniff\r\n"
         "X-Frame-Options: DENY\r\n"
         "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:\r\n"
         "Connection: close\r\n\r\n";
    r += body;
    m_buffers.remove(socket);
    socket->write(r);
    socket->flush();
    socket->disconnectFromHost();
}

void LoopbackReplyHandler::networkReplyFinished(QNetworkReply* reply)
{
    Q_EMIT tokenReplyReceived(readReply(reply));
    reply->deleteLater();
}

} // namespace astro
