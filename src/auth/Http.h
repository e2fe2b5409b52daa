#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>

namespace astro {

struct HttpResponse
{
    int status = 0; // HTTP status, 0 when no answer
    QByteArray body;
    bool transportError = false; // refused, DNS, TLS, timeout...
    bool timedOut = false;
    QString errorString; // transport error text (no secrets: URLs are redacted)

    bool isSuccess() const { return !transportError && status >= 200 && status < 300; }
    QJsonObject json() const; // empty when the body is not a JSON object
};

// Blocking HTTP helpers over QNetworkAccessManager: each call spins a local event loop
// with a transfer timeout, so nothing can hang. TLS is always verified (Qt's default).
class Http
{
public:
    explicit Http(QNetworkAccessManager* nam, int timeoutMs = 15000)
        : m_nam(nam), m_timeoutMs(timeoutMs)
    {
    }

    HttpResponse get(const QUrl& url, const QString& bearer = QString()) const;
    HttpResponse postForm(const QUrl& url, const QList<QPair<QString, QString>>& form) const;
    int timeoutMs() const { return m_timeoutMs; }

private:
    HttpResponse send(QNetworkRequest request, const QByteArray& verb,
                      const QByteArray& body) const;

    QNetworkAccessManager* m_nam;
    int m_timeoutMs;
};

} // namespace astro
