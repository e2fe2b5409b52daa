#include "FakeNetwork.h"

#include <QBuffer>
#include <QNetworkReply>
#include <QTimer>

namespace astro {
namespace {

// A finished answer with a status, a content type and a body.
class CannedReply : public QNetworkReply
{
public:
    CannedReply(const QNetworkRequest& request, const QByteArray& verb, int status,
                const QByteArray& body, const QByteArray& contentType, bool refused,
                QObject* parent)
        : QNetworkReply(parent), m_body(body)
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(QNetworkAccessManager::CustomOperation);
        setAttribute(QNetworkRequest::CustomVerbAttribute, verb);
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        if (refused) {
            setError(QNetworkReply::ConnectionRefusedError,
                     QStringLiteral("Connection refused (no such request was expected)"));
        } else {
            setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
            if (!contentType.isEmpty())
                setHeader(QNetworkRequest::ContentTypeHeader, contentType);
            setHeader(QNetworkRequest::ContentLengthHeader, body.size());
        }
        QTimer::singleShot(0, this, [this, refused] {
            if (refused)
                Q_EMIT errorOccurred(error());
            Q_EMIT metaDataChanged();
            if (!m_body.isEmpty())
                Q_EMIT readyRead();
            setFinished(true);
            Q_EMIT finished();
        });
    }
    void abort() override {}
    qint64 bytesAvailable() const override
    {
        return m_body.size() - m_pos + QIODevice::bytesAvailable();
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 max) override
    {
        const qint64 n = qMin(max, qint64(m_body.size()) - m_pos);
        if (n <= 0)
            return isFinished() ? -1 : 0;
        memcpy(data, m_body.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }

private:
    QByteArray m_body;
    qint64 m_pos = 0;
};

bool matches(const FakeNetwork::Expectation& e, const QByteArray& verb, const QUrl& url)
{
    if (e.verb != verb || (e.times >= 0 && e.used >= e.times))
        return false;
    if (e.url.hasQuery())
        return e.url == url;
    return e.url.adjusted(QUrl::RemoveQuery) == url.adjusted(QUrl::RemoveQuery);
}

} // namespace

FakeNetwork::Expectation& FakeNetwork::expect(const QByteArray& verb, const QString& url,
                                              int status, const QByteArray& body,
                                              const QByteArray& contentType)
{
    Expectation e;
    e.verb = verb;
    e.url = QUrl(url);
    e.status = status;
    e.body = body;
    e.contentType = contentType;
    m_expectations.push_back(e);
    return m_expectations.back();
}

QStringList FakeNetwork::problems() const
{
    QStringList out;
    for (const Expectation& e : m_expectations)
        if (e.times >= 0 ? e.used < e.times : e.used == 0)
            out << QStringLiteral("expected but never requested: %1 %2")
                       .arg(QString::fromLatin1(e.verb), e.url.toString());
    for (const QString& u : m_unexpected)
        out << QStringLiteral("requested but not expected: %1").arg(u);
    return out;
}

QNetworkReply* FakeNetwork::createRequest(Operation op, const QNetworkRequest& request,
                                          QIODevice* outgoingData)
{
    QByteArray verb;
    switch (op) {
    case GetOperation:
        verb = "GET";
        break;
    case PostOperation:
        verb = "POST";
        break;
    case CustomOperation:
        verb = request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
        break;
    default:
        verb = "OTHER";
    }
    Request r;
    r.verb = verb;
    r.url = request.url();
    r.body = outgoingData ? outgoingData->readAll() : QByteArray();
    r.authorization = request.rawHeader("Authorization");
    m_requests.append(r);
    for (Expectation& e : m_expectations) {
        if (!matches(e, verb, r.url))
            continue;
        ++e.used;
        if (e.check)
            e.check(r);
        return new CannedReply(request, verb, e.status, e.body, e.contentType, false, this);
    }
    m_unexpected << QString::fromLatin1(verb) + QLatin1Char(' ') + r.url.toString();
    return new CannedReply(request, verb, 0, QByteArray(), QByteArray(), true, this);
}

} // namespace astro
