#include "StdinReader.h"

#include <QPointer>

#ifdef Q_OS_WIN
#include <iostream>
#include <string>
#include <thread>
#else
#include <QSocketNotifier>
#include <QTimer>
#include <unistd.h>
#include <utility>
#endif

namespace astro::platform {

// A line as typed, without its line end ("\n" or "\r\n"): blanks are kept (a password may
// start or end with one; the consumers of tokens and addresses trim).
static QString lineText(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

#ifdef Q_OS_WIN
StdinLineReader::StdinLineReader(QObject* parent) : LineReader(parent)
{
    QPointer<StdinLineReader> self(this);
    std::thread([self] {
        std::string line;
        while (std::getline(std::cin, line)) {
            const QString text = lineText(QByteArray::fromStdString(line));
            QMetaObject::invokeMethod(
                qApp,
                [self, text] {
                    if (self)
                        Q_EMIT self->lineRead(text);
                },
                Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            qApp,
            [self] {
                if (self)
                    Q_EMIT self->endOfInput();
            },
            Qt::QueuedConnection);
    }).detach();
}

StdinLineReader::~StdinLineReader() = default;
void StdinLineReader::onReadable() {}
#else
namespace {
// What a reader read from stdin but did not deliver, for the next reader (stdin is one).
QByteArray& undelivered()
{
    static QByteArray bytes;
    return bytes;
}
} // namespace

StdinLineReader::StdinLineReader(QObject* parent) : LineReader(parent)
{
    m_buffer = std::exchange(undelivered(), QByteArray());
    auto* notifier = new QSocketNotifier(0, QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this, notifier] {
        onReadable();
        if (m_eof)
            notifier->setEnabled(false);
    });
    if (m_buffer.contains('\n'))
        QTimer::singleShot(0, this, [this] { drain(); });
}

StdinLineReader::~StdinLineReader()
{
    undelivered() = m_buffer;
}

void StdinLineReader::onReadable()
{
    char chunk[4096];
    const ssize_t n = ::read(0, chunk, sizeof chunk);
    if (n <= 0) {
        m_eof = true;
    } else {
        m_buffer.append(chunk, int(n));
        if (m_buffer.size() > 64 * 1024)
            m_buffer = m_buffer.right(64 * 1024);
    }
    drain();
}

// Delivers one line, and the next ones on later turns (a receiver that has its answer stops
// listening, and the rest stays for the next reader); at the end of input, the last
// unterminated line and then endOfInput().
void StdinLineReader::drain()
{
    if (m_draining)
        return;
    const int nl = m_buffer.indexOf('\n');
    if (nl >= 0) {
        const QByteArray line = m_buffer.left(nl);
        m_buffer.remove(0, nl + 1);
        m_draining = true;
        QTimer::singleShot(0, this, [this] {
            m_draining = false;
            drain();
        });
        Q_EMIT lineRead(lineText(line));
        return;
    }
    if (!m_eof)
        return;
    if (!m_buffer.trimmed().isEmpty()) {
        const QByteArray line = std::exchange(m_buffer, QByteArray());
        m_draining = true;
        QTimer::singleShot(0, this, [this] {
            m_draining = false;
            drain();
        });
        Q_EMIT lineRead(lineText(line));
        return;
    }
    m_buffer.clear();
    if (!m_eofSent) {
        m_eofSent = true;
        Q_EMIT endOfInput();
    }
}
#endif

} // namespace astro::platform
