#pragma once

#include "LoginCore.h"

#include <QUrl>
#include <memory>

namespace astro {

class BrowserLogin;
class DeviceLogin;
struct DeviceAuthorization;
class LoopbackReplyHandler;

// The browser login of one attempt, for the CLI and the login window: the loopback
// listener, the authorization-code flow (BrowserLogin) and what the user pastes instead
// (the address the browser ended on, or a token). Ends once, with finished().
class BrowserSession : public LoginSession
{
    Q_OBJECT
public:
    explicit BrowserSession(const LoginCore& core, QObject* parent = nullptr);
    ~BrowserSession() override;

    // Starts the listener on `port` and builds the authorization URL. When
    // `listenerOptional` (a login that can finish by a paste), a listener that cannot start
    // is no failure: *warning says why, and only pastes can finish the login.
    Error start(quint16 port, bool listenerOptional, QString* warning);
    QUrl url() const { return m_url; }
    bool isListening() const;
    // start() failed, or started without a listener, because the port was busy.
    bool listenerPortInUse() const;

    enum class Paste {
        Empty,    // nothing but blanks: ask again
        Accepted, // a callback for this login: the flow finishes it
        Finished, // a token that the server accepted: finished() was emitted
        Rejected, // *problem says why; the login goes on
    };
    // What the user pasted. A token is checked at userinfo while the listener goes on.
    Paste paste(const QString& text, QString* problem);
    // True when the result came from a paste: no browser waits for the final page.
    bool finishedByPaste() const { return m_byPaste; }

    // Lets a browser fetch the final page (up to 3 s) unless the login ended by a paste or
    // failed before any callback, then closes the listener.
    void close();

Q_SIGNALS:
    void callbackAccepted();                     // the browser came back; finishing
    void requestRejected(const QString& reason); // a request to the listener was refused

private:
    const LoginCore& m_core;
    std::unique_ptr<LoopbackReplyHandler> m_listener;
    std::unique_ptr<BrowserLogin> m_flow;
    QUrl m_url;
    bool m_byPaste = false;
    bool m_callbackSeen = false;
    bool m_finalPageServed = false; // the browser already has its last page
    bool m_checking = false;
};

// The device-code login (RFC 8628) of one attempt.
class DeviceSession : public LoginSession
{
    Q_OBJECT
public:
    explicit DeviceSession(const LoginCore& core, QObject* parent = nullptr);
    ~DeviceSession() override;
    Error start();

Q_SIGNALS:
    void authorizationReady(const astro::DeviceAuthorization& authorization);
    void slowedDown(int newIntervalSecs);

private:
    const LoginCore& m_core;
    std::unique_ptr<DeviceLogin> m_flow;
};

} // namespace astro
