#pragma once

#include "cli/Services.h"
#include "core/Domain.h"
#include "login/LoginCore.h"

#include <QWidget>
#include <memory>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace astro {

class BrowserSession;

// The desktop login window: the presentation of the same login core as `astro login`
// (LoginCore and its BrowserSession: listener, browser flow, pasted address or token, save).
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
    void completeWith(const LoginOutcome& outcome);
    void fail(const Error& e);
    void setBusy(const QString& text);

    Services& m_services;
    Domain m_domain;
    quint16 m_port;
    std::unique_ptr<LoginCore> m_core;
    std::unique_ptr<BrowserSession> m_session;
    // What the browser is given (the hand-off page); removed when the login ends.
    std::shared_ptr<void> m_handoff;
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
