#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

class QNetworkReply;
class QSslCertificate;

namespace astro {

// Limits on every request astro sends (platform API, discovery, token, userinfo, revocation,
// device): enforced by BoundedNetworkAccessManager, so they also hold for the requests that
// QOAuth2AuthorizationCodeFlow makes on its own.
struct HttpLimits
{
    qint64 maxBodyBytes = 1024 * 1024; // a larger answer is aborted while it streams
    int timeoutMs = 15000;             // whole request, first byte to last
};

// The network manager astro uses for every call. For each request it sends:
//  * no redirect is followed (a 3xx is the answer; readReply() turns it into an error that
//    names the target host): a bearer token, a refresh token, a code or a PKCE verifier must
//    never reach a host other than the configured one;
//  * the body is capped while it streams (the reply is aborted past maxBodyBytes, and Qt's
//    read buffer is bounded too), so an endless answer cannot grow memory;
//  * a transfer timeout and an overall deadline, so nothing hangs;
//  * the proxy and the certificate authorities the environment names (NetworkEnvironment.h);
//    a setting that cannot be used fails each request with a message naming the variable.
// It also keeps Qt's own network logging categories (qt.network*, qt.networkauth*) off for
// the process: they can print response bodies, which carry tokens.
class BoundedNetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT
public:
    explicit BoundedNetworkAccessManager(
        HttpLimits limits = HttpLimits(),
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
        QObject* parent = nullptr);
    const HttpLimits& limits() const { return m_limits; }
    const QProcessEnvironment& environment() const { return m_env; }

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request,
                                 QIODevice* outgoingData) override;

private:
    HttpLimits m_limits;
    QProcessEnvironment m_env;
    QList<QSslCertificate> m_cas; // empty: the system's
    QString m_caProblem;
};

struct HttpResponse
{
    int status = 0; // HTTP status, 0 when no answer
    QByteArray body;
    QByteArray contentType;
    bool transportError = false; // refused, DNS, TLS, timeout, redirect, too large...
    bool timedOut = false;
    bool untrustworthy = false; // a redirect or an oversized answer: never retried
    QString errorString;        // transport error text (no secrets: URLs are redacted)

    bool isSuccess() const { return !transportError && status >= 200 && status < 300; }
    QJsonObject json() const; // empty when the body is not (exactly) a JSON object
};

// Turns a finished reply into a response. A redirect, an answer over the cap and a missed
// deadline are transport errors with a message that says which (and names the host).
HttpResponse readReply(QNetworkReply* reply);
// A failed reply's error as a message that says what failed (the proxy, TLS and why) and which
// setting would fix it; it names no secret (no proxy password, no query).
QString describeNetworkError(QNetworkReply* reply);

// Blocking HTTP helpers: each call spins a local event loop until the reply finishes (the
// network manager's deadline bounds it). TLS is always verified (Qt's default).
class Http
{
public:
    explicit Http(QNetworkAccessManager* nam) : m_nam(nam) {}

    HttpResponse get(const QUrl& url, const QString& bearer = QString()) const;
    HttpResponse postForm(const QUrl& url, const QList<QPair<QString, QString>>& form) const;
    // For Qt's OAuth flow, which sends its own requests (the code exchange).
    QNetworkAccessManager* manager() const { return m_nam; }
    // A JSON body (GraphQL). `authorization`, when not empty, is sent as it is in the
    // `authorization` header (Houston takes its raw JWT, with no "Bearer ").
    HttpResponse postJson(const QUrl& url, const QByteArray& json,
                          const QByteArray& authorization = QByteArray()) const;

private:
    HttpResponse send(QNetworkRequest request, const QByteArray& verb,
                      const QByteArray& body) const;

    QNetworkAccessManager* m_nam;
};

} // namespace astro
