#include "LoginWindow.h"

#include "cli/PlaintextMigration.h"
#include "core/DisplayText.h"
#include "login/BrowserSession.h"

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
    m_core = std::make_unique<LoginCore>(m_services, m_domain);
    if (Error e = m_core->prepare())
        return fail(e);
    m_session = std::make_unique<BrowserSession>(*m_core);
    connect(m_session.get(), &BrowserSession::callbackAccepted, this,
            [this] { setBusy(tr("Login received; finishing…")); });
    connect(m_session.get(), &LoginSession::finished, this, [this] {
        if (Error e = m_session->error())
            return fail(e);
        completeWith(m_session->outcome());
    });
    QString listenerProblem; // the paste box can still finish the login
    if (Error e = m_session->start(m_port, true, &listenerProblem))
        return fail(e);
    m_link->setText(m_session->url().toString(QUrl::FullyEncoded));
    m_link->setCursorPosition(0);
    setBusy(listenerProblem.isEmpty()
                ? tr("Waiting for login to complete in browser…")
                : tr("The login listener could not start on port %1: after you log in, paste "
                     "the address the browser ended on below.")
                      .arg(m_port));
    openBrowser();
}

void LoginWindow::openBrowser()
{
    if (m_finished || !m_session)
        return;
    if (!m_services.openBrowser || !m_services.openBrowser(m_session->url(), &m_handoff))
        m_status->setText(tr("Unable to open the browser: open the link below on any device."));
}

void LoginWindow::submitPaste()
{
    if (m_finished || !m_session)
        return;
    const QString text = m_paste->text();
    m_paste->clear();
    setBusy(tr("Checking…"));
    QString problem;
    switch (m_session->paste(text, &problem)) {
    case BrowserSession::Paste::Empty:
    case BrowserSession::Paste::Accepted: // the flow takes it from here
    case BrowserSession::Paste::Finished:
        break;
    case BrowserSession::Paste::Rejected: // the listener keeps waiting
        m_status->setText(displaySafe(problem));
        break;
    }
}

void LoginWindow::completeWith(const LoginOutcome& outcome)
{
    setBusy(tr("Logging in as %1…").arg(outcome.email));
    Error storeError;
    CredentialStore* store = m_services.store(&storeError);
    if (!store)
        return fail(storeError);
    Config config;
    if (Error e = readConfig(m_services, &config))
        return fail(e);
    SessionInfo session;
    if (Error e = m_core->loadSession(config, outcome, &session))
        return fail(e);
    if (Error e = m_core->save(store, outcome, session))
        return fail(e);
    m_session->close();
    m_handoff.reset();
    m_finished = true;
    m_exitCode = ExitOk;
    m_progress->setVisible(false);
    m_status->setText(tr("Successfully authenticated to Astronomer"));
    QString text =
        tr("Signed in as %1\nOrganization: %2").arg(outcome.email, session.organization.name);
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
    if (m_session)
        m_session->close();
    m_handoff.reset();
    m_progress->setVisible(false);
    m_status->setText(tr("Login failed"));
    m_result->setText(displaySafe(e.message));
    Q_EMIT loginFinished(m_exitCode);
}

} // namespace astro
