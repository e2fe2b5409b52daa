#include "LoginPrompts.h"

#include "login/LoginCore.h"
#include "platform/Interrupt.h"
#include "platform/StdinReader.h"
#include "platform/Terminal.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

namespace astro {

// Texts of this file for Qt Linguist (context "LoginPrompts").
struct PromptText
{
    Q_DECLARE_TR_FUNCTIONS(LoginPrompts)
};

Error waitFor(Services& s, const Wait& wait)
{
    if (wait.session && wait.session->isFinished())
        return Error::none();
    QEventLoop loop;
    Error result;
    bool ended = false;
    auto end = [&](const Error& e) {
        if (ended)
            return;
        ended = true;
        result = e;
        loop.quit();
    };
    if (wait.session)
        QObject::connect(wait.session, &LoginSession::finished, &loop, [&] { end(Error::none()); });
    std::unique_ptr<platform::LineReader> reader;
    if (wait.onLine && s.lineReader) {
        reader = s.lineReader();
        QObject::connect(reader.get(), &platform::LineReader::lineRead, &loop,
                         [&](const QString& line) {
                             if (!ended && wait.onLine(line))
                                 end(Error::none());
                         });
        QObject::connect(reader.get(), &platform::LineReader::endOfInput, &loop, [&] {
            if (wait.inputRequired)
                end(Error::make(ExitFailure,
                                PromptText::tr("no answer: the input ended. Nothing was saved.")));
        });
    }
    std::unique_ptr<platform::InterruptSource> interrupts;
    if (s.interrupts) {
        interrupts = s.interrupts();
        QObject::connect(
            interrupts.get(), &platform::InterruptSource::interrupted, &loop, [&](int code) {
                end(Error::make(code == ExitTerminated ? ExitTerminated : ExitInterrupted,
                                PromptText::tr("login cancelled; nothing was saved.")));
            });
    }
    QTimer timeout;
    timeout.setSingleShot(true);
    if (wait.timeoutSecs > 0) {
        QObject::connect(&timeout, &QTimer::timeout, &loop,
                         [&] { end(Error::make(ExitFailure, wait.timeoutMessage)); });
        timeout.start(wait.timeoutSecs * 1000);
    }
    if (!ended && !(wait.session && wait.session->isFinished()))
        loop.exec();
    return result;
}

Error promptLine(Services& s, const QString& prompt, bool secret, bool skipEmpty, QString* line)
{
    std::unique_ptr<platform::EchoOff> echoOff;
    if (secret)
        echoOff = std::make_unique<platform::EchoOff>();
    s.console->err(prompt);
    Wait w;
    w.inputRequired = true;
    w.onLine = [&](const QString& text) {
        if (skipEmpty && text.trimmed().isEmpty()) {
            s.console->err(prompt);
            return false;
        }
        *line = text;
        return true;
    };
    return waitFor(s, w);
}

Error readTokenArgument(Services& s, const QString& arg, QString* raw)
{
    if (arg == QLatin1String("-")) {
        if (s.console->stdinIsTerminal())
            return promptLine(s,
                              PromptText::tr("Paste your token (it is not shown) and press "
                                             "Enter: "),
                              true, true, raw);
        *raw = s.console->readAll();
        return Error::none();
    }
    if (arg.startsWith(QLatin1Char('@'))) {
        const QString path = arg.mid(1);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Error::make(
                ExitUsage,
                PromptText::tr("Cannot read the token file %1: %2").arg(path, f.errorString()));
        *raw = QString::fromUtf8(f.read(64 * 1024));
        return Error::none();
    }
    if (s.console->stdinIsTerminal())
        s.console->err(PromptText::tr(
            "Note: a token on the command line is visible to other users (ps) and in your "
            "shell history; prefer '--token-login -' (stdin) or '--token-login @FILE'.\n"));
    *raw = arg;
    return Error::none();
}

Error promptWorkspace(Services& s, SessionInfo* session)
{
    s.console->out(PromptText::tr("\nPlease choose a workspace:\n"));
    for (int i = 0; i < session->workspaces.size(); ++i)
        s.console->out(PromptText::tr(" %1. %2 (%3)\n")
                           .arg(i + 1)
                           .arg(session->workspaces[i].name, session->workspaces[i].id));
    for (int attempt = 0; attempt < 3; ++attempt) {
        QString line;
        if (Error e = promptLine(s, PromptText::tr("\n> "), false, true, &line))
            return e.code == ExitFailure ? Error::none() : e; // no answer: no workspace
        bool ok = false;
        const int n = line.trimmed().toInt(&ok);
        if (ok && n >= 1 && n <= session->workspaces.size()) {
            session->workspace = session->workspaces[n - 1];
            return Error::none();
        }
        s.console->err(PromptText::tr("Please enter a number between 1 and %1.\n")
                           .arg(session->workspaces.size()));
    }
    return Error::none();
}

} // namespace astro
