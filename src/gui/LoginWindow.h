#pragma once

#include "auth/AstroPlatform.h"
#include "cli/Services.h"
#include "core/Domain.h"
#include "platform/Browser.h"

#include <QWidget>
#include <memory>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace astro {

class BrowserLogin;
class LoopbackReplyHandler;

// The desktop login window. It runs the same flow and store classes as `astro login`
// (BrowserLogin over our loopback listener, classifyPaste, tokenLogin, loadSessionFor,
// saveLogin): only the presentation differs.
class LoginWindow : public QWidget
{
    Q_OBJECT
public:
    LoginWindow(Services& services, const Domain& domain, quint16 callbackPort,
                QWidget* parent = nullptr);
    ~LoginWindow() override;

    // Fetches the login configuration, opens the listener and the browser.
    void start();
    QString resultText() const;
    bool finished() const { return m_finished; }
    int exitCode() const { return m_exitCode; }

Q_SIGNALS:
    void loginFinished(int exitCode);

private:
    void openBrowser();
    void submitPaste();
    void completeWith(const Credentials& credentials, const QString& email);
    void fail(const Error& e);
    void setBusy(const QString& text);

    Services& m_services;
    Domain m_domain;
    quint16 m_port;
    AuthConfig m_authConfig;
    OidcEndpoints m_endpoints;
    std::unique_ptr<LoopbackReplyHandler> m_listener;
    std::unique_ptr<BrowserLogin> m_flow;
    QUrl m_url;
    // The page the browser is given (platform::BrowserHandoff); removed when the login ends.
    std::unique_ptr<platform::BrowserHandoff> m_handoff;
    bool m_finished = false;
    int m_exitCode = 1;

    QLabel* m_domainLabel;
    QLabel* m_status;
    QProgressBar* m_progress;
    QLineEdit* m_link;
    QPushButton* m_copy;
    QPushButton* m_openAgain;
    QLineEdit* m_paste;
    QPushButton* m_pasteButton;
    QLabel* m_result;
};

} // namespace astro
