#pragma once

#include <QObject>
#include <QString>

namespace astro::platform {

// Lines typed while the event loop runs (the seam: tests use a fake that emits on demand).
class LineReader : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
Q_SIGNALS:
    void lineRead(const QString& line);
    void endOfInput();
};

// Reads stdin line by line without blocking the event loop, so a prompt can run while
// the loopback listener waits. (POSIX: a socket notifier on fd 0; Windows: a reader
// thread.) A line comes as typed, without its line end. A closed stdin emits endOfInput() once.
// Lines come one per event-loop turn, and what a reader read but did not deliver goes to the next
// one: prompts in a row (a username, then a password) each get their line from a pipe.
class StdinLineReader : public LineReader
{
    Q_OBJECT
public:
    explicit StdinLineReader(QObject* parent = nullptr);
    ~StdinLineReader() override;

private:
    void onReadable();
    void drain();
    QByteArray m_buffer;
    bool m_eof = false;
    bool m_draining = false;
    bool m_eofSent = false;
};

} // namespace astro::platform
