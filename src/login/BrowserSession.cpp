#include "BrowserSession.h"

#include "auth/BrowserLogin.h"
#include "auth/DeviceLogin.h"
#include "auth/LoginPages.h"
#include "auth/LoopbackReplyHandler.h"
#include "auth/PastedInput.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

namespace astro {

// Texts of this file for Qt Linguist (context "BrowserSession").
struct BrowserSessionText
{
    Q_DECLARE_TR_FUNCTIONS(BrowserSession)
};

BrowserSession::BrowserSession(const LoginCore& core, QObject* parent)
    : LoginSession(parent), m_core(core)
{
}

BrowserSession::~BrowserSession()
{
    if (m_listener)
        m_listener->close();
}

bool BrowserSession::listenerPortInUse() const
{
    return m_listener && m_listener->portInUse();
}

bool BrowserSession::isListening() const
{
    return m_listener && m_listener->isListening();
}

Error BrowserSession::start(quint16 port, bool listenerOptional, QString* warning)
{
    m_listener = std::make_unique<LoopbackReplyHandler>();
    const LoginPages pages = LoginPages::build();
    m_listener->setPages(pages.success, pages.failure, pages.rejected);
    QString why;
    if (!m_listener->listen(port, &why)) {
        if (!listenerOptional)
            return Error::make(ExitNetwork, why);
        if (warning)
            *warning = why;
    }
    m_flow = std::make_unique<BrowserLogin>(m_core.identityProvider(), m_listener.get());
    connect(m_listener.get(), &LoopbackReplyHandler::requestRejected, this,
            &BrowserSession::requestRejected);
    connect(m_listener.get(), &LoopbackReplyHandler::finalPageServed, this,
            [this] { m_finalPageServed = true; });
    connect(m_flow.get(), &BrowserLogin::callbackAccepted, this, [this] {
        m_callbackSeen = true;
        Q_EMIT callbackAccepted();
    });
    connect(m_flow.get(), &BrowserLogin::failed, this, [this](const Error& e) { finish(e); });
    connect(m_flow.get(), &BrowserLogin::succeeded, this, [this](const Credentials& c) {
        LoginOutcome outcome;
        const Error e = m_core.identify(c, &outcome);
        finish(e, outcome);
    });
    m_flow->start();
    m_url = m_flow->authorizationUrl();
    return Error::none();
}

BrowserSession::Paste BrowserSession::paste(const QString& text, QString* problem)
{
    if (isFinished() || m_checking)
        return Paste::Empty;
    const PastedInput in = classifyPaste(text);
    if (in.kind == PastedInput::Kind::Invalid && text.trimmed().isEmpty())
        return Paste::Empty;
    if (in.kind == PastedInput::Kind::Token) {
        m_checking = true;
        LoginOutcome outcome;
        const Error e = m_core.checkToken(in.token, &outcome);
        m_checking = false;
        if (isFinished()) // the listener won meanwhile
            return Paste::Empty;
        if (e) {
            *problem = e.message;
            return Paste::Rejected;
        }
        m_byPaste = true;
        finish(Error::none(), outcome);
        return Paste::Finished;
    }
    if (in.kind == PastedInput::Kind::Callback) {
        QString why;
        if (m_listener->acceptPastedCallback(in.params, &why)) {
            m_byPaste = true;
            return Paste::Accepted; // the flow takes it from here
        }
        *problem = BrowserSessionText::tr("That address does not belong to this login (%1). "
                                          "Paste the address from the browser window of this "
                                          "login.")
                       .arg(why);
        return Paste::Rejected;
    }
    *problem = in.problem;
    return Paste::Rejected;
}

void BrowserSession::close()
{
    if (!m_listener)
        return;
    // Served already (often while the browser opener was still being watched): no wait.
    if (isFinished() && m_callbackSeen && !m_byPaste && !m_finalPageServed &&
        m_listener->isListening()) {
        QEventLoop pageLoop;
        connect(m_listener.get(), &LoopbackReplyHandler::finalPageServed, &pageLoop,
                &QEventLoop::quit);
        QTimer::singleShot(3000, &pageLoop, &QEventLoop::quit);
        pageLoop.exec();
    }
    m_listener->close();
}

DeviceSession::DeviceSession(const LoginCore& core, QObject* parent)
    : LoginSession(parent), m_core(core)
{
}

DeviceSession::~DeviceSession() = default;

Error DeviceSession::start()
{
    m_flow = std::make_unique<DeviceLogin>(m_core.identityProvider());
    connect(m_flow.get(), &DeviceLogin::authorizationReady, this,
            &DeviceSession::authorizationReady);
    connect(m_flow.get(), &DeviceLogin::slowedDown, this, &DeviceSession::slowedDown);
    connect(m_flow.get(), &DeviceLogin::failed, this, [this](const Error& e) { finish(e); });
    connect(m_flow.get(), &DeviceLogin::succeeded, this, [this](const Credentials& c) {
        LoginOutcome outcome;
        const Error e = m_core.identify(c, &outcome);
        finish(e, outcome);
    });
    return m_flow->start();
}

} // namespace astro
