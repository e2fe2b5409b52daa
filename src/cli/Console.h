#pragma once

#include <QFileDevice>
#include <QIODevice>
#include <QString>
#include <functional>

namespace astro {

// The command's streams. stdout carries data and astro's messages; stderr carries
// warnings, progress and errors. Tests swap the devices for buffers.
class Console
{
public:
    struct Input
    {
        bool stdinIsTerminal = false;
        bool stdoutIsTerminal = false;
        std::function<bool(QString*)> readLine;
        std::function<QString()> readAll;
    };
    Console(QIODevice* out, QIODevice* err, Input input)
        : m_out(out), m_err(err), m_in(std::move(input))
    {
    }

    void out(const QString& text) { write(m_out, text); }
    void err(const QString& text) { write(m_err, text); }
    bool stdinIsTerminal() const { return m_in.stdinIsTerminal; }
    bool stdoutIsTerminal() const { return m_in.stdoutIsTerminal; }
    bool readLine(QString* line) { return m_in.readLine && m_in.readLine(line); }
    QString readAll()
    {
        m_stdinConsumed = true;
        return m_in.readAll ? m_in.readAll() : QString();
    }
    // True once stdin was read to the end (a token from stdin): no prompts after that.
    bool canPrompt() const { return m_in.stdinIsTerminal && !m_stdinConsumed; }

private:
    static void write(QIODevice* d, const QString& text)
    {
        d->write(text.toUtf8());
        if (auto* f = qobject_cast<QFileDevice*>(d))
            f->flush();
    }

    QIODevice* m_out;
    QIODevice* m_err;
    Input m_in;
    bool m_stdinConsumed = false;
};

} // namespace astro
