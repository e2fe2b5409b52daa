#include "StdinReader.h"

#include <QPointer>

#ifdef Q_OS_WIN
#include <iostream>
#include <string>
#include <thread>
#else
#include <QSocketNotifier>
#include <unistd.h>
#endif

namespace astro::platform {

#ifdef Q_OS_WIN
StdinLineReader::StdinLineReader(QObject* parent) : LineReader(parent)
{
    QPointer<StdinLineReader> self(this);
    std::thread([self] {
        std::string line;
        while (std::getline(std::cin, line)) {
            const QString text = QString::fromStdString(line).trimmed();
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
StdinLineReader::StdinLineReader(QObject* parent) : LineReader(parent)
{
    auto* notifier = new QSocketNotifier(0, QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this, notifier] {
        onReadable();
        if (m_eof)
            notifier->setEnabled(false);
    });
}

StdinLineReader::~StdinLineReader() = default;

void StdinLineReader::onReadable()
{
    char chunk[4096];
    const ssize_t n = ::read(0, chunk, sizeof chunk);
    if (n <= 0) {
        if (!m_eof) {
            m_eof = true;
            if (!m_buffer.trimmed().isEmpty())
                Q_EMIT lineRead(QString::fromUtf8(m_buffer).trimmed());
            m_buffer.clear();
            Q_EMIT endOfInput();
        }
        return;
    }
    m_buffer.append(chunk, int(n));
    if (m_buffer.size() > 64 * 1024)
        m_buffer = m_buffer.right(64 * 1024);
    int nl;
    while ((nl = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(nl);
        m_buffer.remove(0, nl + 1);
        Q_EMIT lineRead(QString::fromUtf8(line).trimmed());
    }
}
#endif

} // namespace astro::platform
