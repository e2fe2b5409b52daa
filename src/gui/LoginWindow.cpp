#include "LoginWindow.h"

#include "auth/BrowserLogin.h"
#include "auth/LoginPages.h"
#include "auth/LoopbackReplyHandler.h"
#include "auth/PastedInput.h"
#include "auth/TokenLogin.h"
#include "cli/LoginSteps.h"
#include "core/DisplayText.h"
#include "platform/Browser.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace astro {

LoginWindow::LoginWindow(Services& services, const Domain& domain, quint16 callbackPort,
                         QWidget* parent)
    : QWidget(parent), m_services(services), m_domain(domain), m_port(callbackPort)
{
    setWindowTitle(tr("Astro Login"));
    setObjectName(QStringLiteral("LoginWindow"));
    auto* layout = new QVBoxLayout(this);

    // Labels that show text from a server or a file are plain text (never auto-detected
    // rich text), and that text goes through displaySafe(); this one escapes it instead.
    m_domainLabel = new QLabel(
        tr("Logging in to <b>%1</b>").arg(displaySafe(domain.name()).toHtmlEscaped()), this);
    m_domainLabel->setTextFormat(Qt::RichText);
    m_domainLabel->setObjectName(QStringLiteral("domain"));
    layout->addWidget(m_domainLabel);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    layout->addWidget(m_progress);

    auto* browserBox = new QGroupBox(tr("Browser"), this);
    auto* browserLayout = new QVBoxLayout(browserBox);
    browserLayout->addWidget(new QLabel(
        tr("Your browser opens automatically. If it did not, open this link:"), browserBox));
    auto* linkRow = new QHBoxLayout;
    m_link = new QLineEdit(browserBox);
    m_link->setObjectName(QStringLiteral("link"));
    m_link->setReadOnly(true);
    m_copy = new QPushButton(tr("Copy"), browserBox);
    m_copy->setObjectName(QStringLiteral("copy"));
    m_openAgain = new QPushButton(tr("Open browser again"), browserBox);
    m_openAgain->setObjectName(QStringLiteral("openAgain"));
    linkRow->addWidget(m_link, 1);
    linkRow->addWidget(m_copy);
    linkRow->addWidget(m_openAgain);
    browserLayout->addLayout(linkRow);
    layout->addWidget(browserBox);

    auto* pasteBox = new QGroupBox(tr("Browser on another device?"), this);
    auto* pasteLayout = new QVBoxLayout(pasteBox);
    pasteLayout->addWidget(
        new QLabel(tr("Paste the address the browser ended on, or an access token:"), pasteBox));
    auto* pasteRow = new QHBoxLayout;
    m_paste = new QLineEdit(pasteBox);
    m_paste->setObjectName(QStringLiteral("paste"));
    m_paste->setEchoMode(QLineEdit::Password); // it may be a token
    m_pasteButton = new QPushButton(tr("Continue"), pasteBox);
    m_pasteButton->setObjectName(QStringLiteral("pasteButton"));
    pasteRow->addWidget(m_paste, 1);
    pasteRow->addWidget(m_pasteButton);
    pasteLayout->addLayout(pasteRow);
    layout->addWidget(pasteBox);

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setTextFormat(Qt::PlainText);
    m_result->setMinimumHeight(60);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    layout->addStretch(1);
    resize(560, 360);

    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_link->text()); });
    connect(m_openAgain, &QPushButton::clicked, this, &LoginWindow::openBrowser);
    connect(m_pasteButton, &QPushButton::clicked, this, &LoginWindow::submitPaste);
    connect(m_paste, &QLineEdit::returnPressed, this, &LoginWindow::submitPaste);
}

LoginWindow::~LoginWindow() = default;

QString LoginWindow::resultText() const
{
    return m_result->text();
}

void LoginWindow::setBusy(const QString& text)
{
    m_status->setText(displaySafe(text));
    m_progress->setVisible(true);
}

void LoginWindow::start()
{
    setBusy(tr("Fetching the login configuration…"));
    const Http http(m_services.network());
    const AstroPlatform platform(http, m_domain);
    if (Error e = platform.fetchAuthConfig(&m_authConfig))
        return fail(e);
    if (Error e = platform.discover(m_authConfig, &m_endpoints))
        return fail(e);

    m_listener = std::make_unique<LoopbackReplyHandler>();
    const LoginPages pages = LoginPages::build();
    m_listener->setPages(pages.success, pages.failure, pages.rejected);
    QString why;
    if (!m_listener->listen(m_port, &why))
        return fail(Error::make(ExitNetwork, why));
    m_flow = std::make_unique<BrowserLogin>(m_services.network(), m_authConfig, m_endpoints,
                                            m_listener.get());
    connect(m_flow.get(), &BrowserLogin::callbackAccepted, this,
            [this] { setBusy(tr("Login received; finishing…")); });
    connect(m_flow.get(), &BrowserLogin::failed, this, &LoginWindow::fail);
    connect(m_flow.get(), &BrowserLogin::succeeded, this, [this](const Credentials& c) {
        const Http h(m_services.network());
        UserInfo user;
        if (Error e = AstroPlatform(h, m_domain).userInfo(m_endpoints, c.accessToken, &user))
            return fail(e);
        completeWith(c, user.email);
    });
    m_flow->start();
    m_url = m_flow->authorizationUrl();
    m_link->setText(m_url.toString(QUrl::FullyEncoded));
    m_link->setCursorPosition(0);
    setBusy(tr("Waiting for login to complete in browser…"));
    openBrowser();
}

void LoginWindow::openBrowser()
{
    if (m_finished)
        return;
    if (!m_handoff)
        m_handoff = std::make_unique<platform::BrowserHandoff>();
    QString how;
    const bool opened = platform::openBrowser(m_url, m_services.env, m_services.desktopOpener,
                                              m_handoff.get(), &how);
    if (!opened)
        m_status->setText(tr("Unable to open the browser: open the link below on any device."));
}

void LoginWindow::submitPaste()
{
    if (m_finished)
        return;
    const PastedInput in = classifyPaste(m_paste->text());
    m_paste->clear();
    if (in.kind == PastedInput::Kind::Token) {
        const Http http(m_services.network());
        const AstroPlatform platform(http, m_domain);
        LoginResult result;
        setBusy(tr("Checking the token…"));
        if (Error e = tokenLogin(platform, m_endpoints, in.token, m_services.now(), &result)) {
            // A rejected token does not end the login: the listener keeps waiting.
            m_status->setText(displaySafe(e.message));
            return;
        }
        completeWith(result.credentials, result.user.email);
        return;
    }
    QString why = in.problem;
    if (in.kind == PastedInput::Kind::Callback && m_listener &&
        m_listener->acceptPastedCallback(in.params, &why))
        return; // the flow takes it from here
    m_status->setText(
        displaySafe(in.kind == PastedInput::Kind::Callback
                        ? tr("That address does not belong to this login (%1).").arg(why)
                        : why));
}

void LoginWindow::completeWith(const Credentials& credentials, const QString& email)
{
    setBusy(tr("Logging in as %1…").arg(email));
    Error storeError;
    CredentialStore* store = m_services.store(&storeError);
    if (!store)
        return fail(storeError);
    Config config;
    if (Error e = m_services.config->read(&config))
        return fail(e);
    const Http http(m_services.network());
    const AstroPlatform platform(http, m_domain);
    SessionInfo session;
    if (Error e = loadSessionFor(platform, config, m_domain, credentials, &session))
        return fail(e);
    if (Error e = saveLogin(m_services, m_domain, store, credentials, email, session))
        return fail(e);
    if (m_listener)
        m_listener->close();
    m_handoff.reset();
    m_finished = true;
    m_exitCode = ExitOk;
    m_progress->setVisible(false);
    m_status->setText(tr("Successfully authenticated to Astronomer"));
    QString text = tr("Signed in as %1\nOrganization: %2").arg(email, session.organization.name);
    if (!session.workspace.id.isEmpty())
        text += QLatin1Char('\n') + tr("Workspace: %1").arg(session.workspace.name);
    else if (!session.workspaces.isEmpty())
        text += QLatin1Char('\n') +
                tr("No default workspace: choose one with 'astro workspace switch'.");
    m_result->setText(displaySafe(text));
    m_paste->setEnabled(false);
    m_pasteButton->setEnabled(false);
    Q_EMIT loginFinished(m_exitCode);
}

void LoginWindow::fail(const Error& e)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exitCode = e.code == ExitOk ? ExitFailure : e.code;
    if (m_listener)
        m_listener->close();
    m_handoff.reset();
    m_progress->setVisible(false);
    m_status->setText(tr("Login failed"));
    m_result->setText(displaySafe(e.message));
    Q_EMIT loginFinished(m_exitCode);
}

} // namespace astro
