#include "Http.h"

#include "NetworkEnvironment.h"
#include "core/Redact.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>
#include <QUrlQuery>
#include <mutex>

Q_LOGGING_CATEGORY(lcHttp, "astro.http", QtWarningMsg)

namespace astro {
namespace {

// Why a reply was aborted by the network manager (a dynamic property on the reply).
constexpr char kAbortReason[] = "astroAbortReason";
constexpr char kTooLarge[] = "tooLarge";
constexpr char kDeadline[] = "deadline";
constexpr char kSettings[] = "settings"; // a proxy or CA setting that cannot be used
constexpr char kSettingsProblem[] = "astroSettingsProblem";
constexpr char kProxy[] = "astroProxy";                       // "http://proxy:3128 (HTTPS_PROXY)"
constexpr char kProxyCredentials[] = "astroProxyCredentials"; // the variable gave a user
constexpr char kSslError[] = "astroSslError";                 // the first QSslError::SslError seen

QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

// Qt's network categories print request and response details (qt.networkauth.replyhandler
// prints a token response it cannot parse): keep them off, whatever QT_LOGGING_RULES says.
void networkCategoryFilter(QLoggingCategory* category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    if (qstrncmp(category->categoryName(), "qt.network", 10) == 0) {
        for (QtMsgType t : {QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg})
            category->setEnabled(t, false);
    }
}

// The reply to a request that must not be sent at all (a proxy or CA setting that cannot be
// used): nothing is resolved or connected; it finishes with an error on the next turn of the
// event loop, as a real reply would.
class RefusedReply : public QNetworkReply
{
public:
    RefusedReply(QNetworkAccessManager::Operation op, const QNetworkRequest& request,
                 QObject* parent)
        : QNetworkReply(parent)
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(op);
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        setError(QNetworkReply::UnknownNetworkError, QStringLiteral("not sent"));
        QMetaObject::invokeMethod(
            this,
            [this] {
                setFinished(true);
                Q_EMIT errorOccurred(error());
                Q_EMIT finished();
            },
            Qt::QueuedConnection);
    }
    void abort() override {}
    qint64 bytesAvailable() const override { return 0; }

protected:
    qint64 readData(char*, qint64) override { return -1; }
};

void abortWith(QNetworkReply* reply, const char* reason)
{
    if (reply->isFinished())
        return;
    reply->setProperty(kAbortReason, QByteArray(reason));
    reply->abort();
}

} // namespace

BoundedNetworkAccessManager::BoundedNetworkAccessManager(HttpLimits limits,
                                                         const QProcessEnvironment& env,
                                                         QObject* parent)
    : QNetworkAccessManager(parent), m_limits(limits), m_env(env)
{
    static std::once_flag once;
    std::call_once(
        once, [] { g_previousFilter = QLoggingCategory::installFilter(networkCategoryFilter); });
    setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    setTransferTimeout(m_limits.timeoutMs);
    setProxyFactory(new EnvironmentProxyFactory(m_env)); // owned by the manager
    const TrustedCas cas = trustedCas(m_env);
    m_caProblem = cas.problem;
    if (cas.custom)
        m_cas = cas.certificates;
}

QNetworkReply* BoundedNetworkAccessManager::createRequest(Operation op,
                                                          const QNetworkRequest& original,
                                                          QIODevice* outgoingData)
{
    QNetworkRequest request(original);
    // Whatever the caller asked for (Qt's OAuth flow included): follow nothing.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_limits.timeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("astro-auth"));
    if (!m_cas.isEmpty()) {
        QSslConfiguration tls = request.sslConfiguration();
        tls.setCaCertificates(m_cas);
        request.setSslConfiguration(tls);
    }
    const ProxyChoice proxy = proxyFor(request.url(), m_env);
    const QString problem = !proxy.problem.isEmpty() ? proxy.problem : m_caProblem;
    if (!problem.isEmpty()) {
        // Not sent at all: neither directly (past the proxy the user set) nor without the CAs.
        auto* refused = new RefusedReply(op, request, this);
        refused->setProperty(kAbortReason, QByteArray(kSettings));
        refused->setProperty(kSettingsProblem, problem);
        return refused;
    }
    QNetworkReply* reply = QNetworkAccessManager::createRequest(op, request, outgoingData);
    if (!proxy.direct()) {
        reply->setProperty(kProxy, QStringLiteral("%1 (%2)").arg(proxy.display, proxy.variable));
        reply->setProperty(kProxyCredentials, !proxy.proxy.user().isEmpty());
    }
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>& errors) {
        if (!errors.isEmpty() && !reply->property(kSslError).isValid())
            reply->setProperty(kSslError, int(errors.first().error()));
    });

    const qint64 cap = m_limits.maxBodyBytes;
    // Qt's HTTP thread stops reading from the socket once it has handed over this much: the
    // checks below then see more than the cap and abort. (Twice the cap: Qt may hold back
    // its last chunk until more arrives, so a limit of exactly the cap could stall below it.)
    // The thread learns of the limit through a signal that is only connected once the
    // request has started (a queued step), so it is set again right after that step, and
    // once more when the headers arrive, before any body.
    QPointer<QNetworkReply> guarded(reply);
    auto bound = [guarded, cap] {
        if (guarded)
            guarded->setReadBufferSize(2 * cap);
    };
    bound();
    QMetaObject::invokeMethod(reply, bound, Qt::QueuedConnection);
    connect(reply, &QNetworkReply::metaDataChanged, reply, bound);
    auto checkSize = [guarded, cap](qint64 received, qint64 total) {
        if (guarded && (received > cap || total > cap || guarded->bytesAvailable() > cap))
            abortWith(guarded, kTooLarge);
    };
    connect(reply, &QNetworkReply::downloadProgress, reply, checkSize);
    connect(reply, &QIODevice::readyRead, reply, [guarded, checkSize] {
        if (guarded)
            checkSize(guarded->bytesAvailable(), -1);
    });
    // A server that trickles a byte now and then defeats the transfer timeout: an overall
    // deadline covers it.
    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [guarded] {
        if (guarded)
            abortWith(guarded, kDeadline);
    });
    connect(reply, &QNetworkReply::finished, deadline, &QTimer::stop);
    deadline->start(m_limits.timeoutMs);
    return reply;
}

QJsonObject HttpResponse::json() const
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    return err.error == QJsonParseError::NoError && doc.isObject() ? doc.object() : QJsonObject();
}

HttpResponse readReply(QNetworkReply* reply)
{
    const QUrl url = reply->request().url();
    const auto* nam = qobject_cast<const BoundedNetworkAccessManager*>(reply->manager());
    const HttpLimits limits = nam ? nam->limits() : HttpLimits();
    HttpResponse r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    const QByteArray aborted = reply->property(kAbortReason).toByteArray();
    if (aborted == kSettings) {
        r.transportError = true;
        r.errorString = QCoreApplication::translate("Http", "%1. Fix or unset that variable")
                            .arg(reply->property(kSettingsProblem).toString());
        return r;
    }
    if (aborted == kTooLarge) {
        r.transportError = r.untrustworthy = true;
        r.status = 0;
        r.errorString = QCoreApplication::translate(
                            "Http", "the answer from %1 is larger than %2 KiB; it was cut off")
                            .arg(url.host())
                            .arg(limits.maxBodyBytes / 1024);
        return r;
    }
    if (r.status >= 300 && r.status < 400) {
        const QUrl target =
            url.resolved(reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
        r.transportError = r.untrustworthy = true;
        r.errorString = QCoreApplication::translate(
                            "Http", "%1 answered with a redirect (HTTP %2) to %3; astro follows no "
                                    "redirects, so nothing was sent there")
                            .arg(url.host())
                            .arg(r.status)
                            .arg(target.host().isEmpty() ? QStringLiteral("?") : target.host());
        return r;
    }
    r.body = reply->read(limits.maxBodyBytes);
    const auto err = reply->error();
    if (aborted == kDeadline || err == QNetworkReply::OperationCanceledError ||
        err == QNetworkReply::TimeoutError) {
        r.transportError = r.timedOut = true;
        r.errorString = QCoreApplication::translate("Http", "no answer from %1 within %2 s")
                            .arg(url.host())
                            .arg(limits.timeoutMs / 1000);
    } else if (err != QNetworkReply::NoError && r.status == 0) {
        r.transportError = true;
        r.errorString = describeNetworkError(reply);
    }
    return r;
}

// Texts of this file for Qt Linguist (context "Http").
struct HttpText
{
    Q_DECLARE_TR_FUNCTIONS(Http)
};

QString describeNetworkError(QNetworkReply* reply)
{
    const QUrl url = reply->request().url();
    const QString host = url.host();
    const QString proxy = reply->property(kProxy).toString();
    QNetworkReply::NetworkError error = reply->error();
    if (!proxy.isEmpty()) {
        // Through a proxy, the connection that is refused or not found is the proxy's.
        if (error == QNetworkReply::ConnectionRefusedError)
            error = QNetworkReply::ProxyConnectionRefusedError;
        else if (error == QNetworkReply::HostNotFoundError)
            error = QNetworkReply::ProxyNotFoundError;
        else if (error == QNetworkReply::UnknownNetworkError) // Qt's word for a failed CONNECT
            error = QNetworkReply::UnknownProxyError;
    }
    switch (error) {
    case QNetworkReply::ProxyConnectionRefusedError:
        return HttpText::tr("the proxy %1 refused the connection").arg(proxy);
    case QNetworkReply::ProxyConnectionClosedError:
        return HttpText::tr("the proxy %1 closed the connection (does it allow CONNECT to %2?)")
            .arg(proxy, host);
    case QNetworkReply::ProxyNotFoundError:
        return HttpText::tr("the proxy %1 was not found").arg(proxy);
    case QNetworkReply::ProxyTimeoutError:
        return HttpText::tr("the proxy %1 did not answer in time").arg(proxy);
    case QNetworkReply::ProxyAuthenticationRequiredError:
        if (reply->property(kProxyCredentials).toBool())
            return HttpText::tr("the proxy %1 did not accept the user name and password given "
                                "in the variable: check them, or ask your network administrator")
                .arg(proxy);
        return HttpText::tr(
                   "the proxy %1 needs a user name and password: give them in the variable as "
                   "http://USER:PASSWORD@HOST:PORT, or ask your network administrator")
            .arg(proxy);
    case QNetworkReply::UnknownProxyError:
        // Qt's word for a CONNECT the proxy refused, a wrong password included.
        if (reply->property(kProxyCredentials).toBool())
            return HttpText::tr("the proxy %1 failed: %2 (check the user name and password given "
                                "in the variable)")
                .arg(proxy, reply->errorString());
        return HttpText::tr("the proxy %1 failed: %2").arg(proxy, reply->errorString());
    case QNetworkReply::SslHandshakeFailedError:
        switch (reply->property(kSslError).toInt()) {
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::CertificateUntrusted:
            return HttpText::tr(
                       "the TLS certificate of %1 is signed by a certificate authority this "
                       "machine does not trust. If your network uses its own CA, set "
                       "ASTRO_CA_FILE to its PEM bundle (or SSL_CERT_FILE for all of them)")
                .arg(host);
        case QSslError::CertificateExpired:
        case QSslError::CertificateNotYetValid:
            return HttpText::tr("the TLS certificate of %1 has expired or is not valid yet (is the "
                                "system clock right?)")
                .arg(host);
        case QSslError::HostNameMismatch:
            return HttpText::tr("the TLS certificate presented for %1 is for another name (an "
                                "intercepting proxy, or a wrong address?)")
                .arg(host);
        default:
            return HttpText::tr("TLS with %1 failed: %2").arg(host, reply->errorString());
        }
    default:
        break;
    }
    const QString via =
        proxy.isEmpty() ? QString()
                        : QCoreApplication::translate("Http", " (through the proxy %1)").arg(proxy);
    return QStringLiteral("%1: %2%3").arg(redactUrl(url), reply->errorString(), via);
}

HttpResponse Http::get(const QUrl& url, const QString& bearer) const
{
    QNetworkRequest req(url);
    req.setRawHeader("Accept", "application/json");
    if (!bearer.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + bearer.toUtf8());
    return send(req, "GET", {});
}

HttpResponse Http::postForm(const QUrl& url, const QList<QPair<QString, QString>>& form) const
{
    QUrlQuery q;
    for (const auto& [k, v] : form)
        q.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(k)),
                       QString::fromLatin1(QUrl::toPercentEncoding(v)));
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader,
                  QByteArrayLiteral("application/x-www-form-urlencoded"));
    req.setRawHeader("Accept", "application/json");
    return send(req, "POST", q.toString(QUrl::FullyEncoded).toLatin1());
}

HttpResponse Http::postJson(const QUrl& url, const QByteArray& json,
                            const QByteArray& authorization) const
{
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setRawHeader("Accept", "application/json");
    if (!authorization.isEmpty())
        req.setRawHeader("authorization", authorization);
    return send(req, "POST", json);
}

HttpResponse Http::send(QNetworkRequest request, const QByteArray& verb,
                        const QByteArray& body) const
{
    qCDebug(lcHttp).noquote() << verb << redactUrl(request.url());
    QNetworkReply* reply = m_nam->sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const HttpResponse r = readReply(reply);
    qCDebug(lcHttp).noquote() << verb << redactUrl(request.url()) << "->" << r.status;
    reply->deleteLater();
    return r;
}

} // namespace astro
