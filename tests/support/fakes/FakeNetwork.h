#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QStringList>
#include <functional>
#include <list>

namespace astro {

// The HTTP transport seam's fake, as cli/cli's httpmock registry: each expected request is
// registered with its canned answer; a request nobody expected gets a connection error and
// is recorded; verify() fails the test for an expectation that was never met. Requests are
// matched by verb and URL (the query too, when the expectation has one); an expectation is
// used once unless `times` says otherwise (-1: any number of times).
class FakeNetwork : public QNetworkAccessManager
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray verb;
        QUrl url;
        QByteArray body;
        QByteArray authorization;
    };
    struct Expectation
    {
        QByteArray verb;
        QUrl url;
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        int times = 1;
        int used = 0;
        // Called with each matching request before it is answered (to check its body, say).
        std::function<void(const Request&)> check;
    };

    Expectation& expect(const QByteArray& verb, const QString& url, int status,
                        const QByteArray& body, const QByteArray& contentType = "application/json");
    // "GET http://…" for each expectation not met as often as it should have been, and each
    // request that matched none. Empty when everything went as expected.
    QStringList problems() const;
    const QList<Request>& requests() const { return m_requests; }

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request,
                                 QIODevice* outgoingData) override;

private:
    std::list<Expectation> m_expectations; // stable: expect() returns references
    QList<Request> m_requests;
    QStringList m_unexpected;
};

} // namespace astro
