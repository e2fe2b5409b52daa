#pragma once

#include "core/DisplayText.h"

#include <QFileDevice>
#include <QIODevice>
#include <QString>
#include <functional>

namespace astro {

// The command's streams. stdout carries data and astro's messages; stderr carries
// warnings, progress and errors. Tests swap the devices for buffers.
// Everything written is passed through displaySafe(): names, codes and messages from a
// server or a file can never send a control sequence to the terminal (our own texts and
// tokens contain no control characters but \n and \t, which are kept).
class Console
{
public:
    struct Input
    {
        bool stdinIsTerminal = false;
        bool stdoutIsTerminal = false;
        bool showsUnicode = true; // platform::terminalShowsUnicode(): not under LC_ALL=C
        std::function<bool(QString*)> readLine;
        std::function<QString()> readAll;
    };
    Console(QIODevice* out, QIODevice* err, Input input)
        : m_out(out), m_err(err), m_in(std::move(input))
    {
    }

    // Return false when the text could not be written in full (outError() says why). Where the
    // terminal shows no Unicode, messages are written in ASCII punctuation (asciiPunctuation);
    // data on a stdout that is no terminal is left as it is.
    bool out(const QString& text)
    {
        const bool plain = !m_in.showsUnicode && m_in.stdoutIsTerminal;
        return write(m_out, plain ? asciiPunctuation(text) : text, &m_outError);
    }
    bool err(const QString& text)
    {
        return write(m_err, m_in.showsUnicode ? text : asciiPunctuation(text), nullptr);
    }
    QString outError() const { return m_outError; }
    bool stdinIsTerminal() const { return m_in.stdinIsTerminal; }
    bool stdoutIsTerminal() const { return m_in.stdoutIsTerminal; }
    // Block characters (the QR code) and emoji show as such (else they are left out).
    bool showsUnicode() const { return m_in.showsUnicode; }
    bool readLine(QString* line) { return m_in.readLine && m_in.readLine(line); }
    QString readAll()
    {
        m_stdinConsumed = true;
        return m_in.readAll ? m_in.readAll() : QString();
    }
    // True once stdin was read to the end (a token from stdin): no prompts after that.
    bool canPrompt() const { return m_in.stdinIsTerminal && !m_stdinConsumed; }

private:
    // The typographic punctuation of astro's own messages, in ASCII: "…" as "...", dashes as
    // "-", curly quotes as straight ones.
    static QString asciiPunctuation(QString text)
    {
        text.replace(QChar(0x2026), QLatin1String("..."));
        for (const char16_t dash : {u'\u2013', u'\u2014'})
            text.replace(QChar(dash), QLatin1Char('-'));
        for (const char16_t quote : {u'\u2018', u'\u2019'})
            text.replace(QChar(quote), QLatin1Char('\''));
        for (const char16_t quote : {u'\u201c', u'\u201d'})
            text.replace(QChar(quote), QLatin1Char('"'));
        return text;
    }
    static bool write(QIODevice* d, const QString& text, QString* error)
    {
        const QByteArray bytes = displaySafe(text).toUtf8();
        bool ok = d->write(bytes) == bytes.size();
        if (auto* f = qobject_cast<QFileDevice*>(d))
            ok = f->flush() && ok;
        if (!ok && error && error->isEmpty())
            *error = d->errorString();
        return ok;
    }

    QIODevice* m_out;
    QIODevice* m_err;
    Input m_in;
    QString m_outError;
    bool m_stdinConsumed = false;
};

} // namespace astro
