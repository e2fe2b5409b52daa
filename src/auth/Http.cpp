#include "Http.h"

#include "core/Redact.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcHttp, "astro.http", QtWarningMsg)

namespace astro {

QJsonObject HttpResponse::json() const
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    return err.error == QJsonParseError::NoError && doc.isObject() ? doc.object() : QJsonObject();
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

HttpResponse Http::send(QNetworkRequest request, const QByteArray& verb,
                        const QByteArray& body) const
{
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("astro-auth"));
    qCDebug(lcHttp).noquote() << verb << redactUrl(request.url());

    QNetworkReply* reply = m_nam->sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    // Belt and braces: the transfer timeout covers stalls; this covers everything else.
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, reply, &QNetworkReply::abort);
    guard.start(m_timeoutMs + 2000);
    if (!reply->isFinished())
        loop.exec();

    HttpResponse r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->read(8 * 1024 * 1024);
    const auto err = reply->error();
    if (err == QNetworkReply::OperationCanceledError || err == QNetworkReply::TimeoutError) {
        r.transportError = r.timedOut = true;
        r.errorString = QCoreApplication::translate("Http", "no answer from %1 within %2 s")
                            .arg(request.url().host())
                            .arg(m_timeoutMs / 1000);
    } else if (err != QNetworkReply::NoError && r.status == 0) {
        r.transportError = true;
        r.errorString =
            QStringLiteral("%1: %2").arg(redactUrl(request.url()), reply->errorString());
    }
    qCDebug(lcHttp).noquote() << verb << redactUrl(request.url()) << "->" << r.status;
    reply->deleteLater();
    return r;
}

} // namespace astro
