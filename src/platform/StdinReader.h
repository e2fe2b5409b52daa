#pragma once

#include <QObject>
#include <QString>

namespace astro::platform {

// Reads stdin line by line without blocking the event loop, so a prompt can run while
// the loopback listener waits. (POSIX: a socket notifier on fd 0; Windows: a reader
// thread.) A closed stdin emits endOfInput() once.
class StdinLineReader : public QObject
{
    Q_OBJECT
public:
    explicit StdinLineReader(QObject* parent = nullptr);
    ~StdinLineReader() override;

Q_SIGNALS:
    void lineRead(const QString& line);
    void endOfInput();

private:
    void onReadable();
    QByteArray m_buffer;
    bool m_eof = false;
};

} // namespace astro::platform
