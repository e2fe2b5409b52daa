#pragma once

#include "platform/Interrupt.h"
#include "platform/StdinReader.h"

#include <QStringList>
#include <QTimer>
#include <memory>

namespace astro {

// The stdin seam's fake: the lines a user would type, delivered one per event-loop turn
// once a reader exists; then, when `endAfterLines`, the end of input.
class FakeLineReader : public platform::LineReader
{
    Q_OBJECT
public:
    FakeLineReader(QStringList* lines, bool endAfterLines)
    {
        QTimer::singleShot(0, this, [this, lines, endAfterLines] { next(lines, endAfterLines); });
    }

private:
    void next(QStringList* lines, bool endAfterLines)
    {
        if (lines->isEmpty()) {
            if (endAfterLines)
                Q_EMIT endOfInput();
            return;
        }
        Q_EMIT lineRead(lines->takeFirst());
        QTimer::singleShot(0, this, [this, lines, endAfterLines] { next(lines, endAfterLines); });
    }
};

// The interrupt seam's fake: interrupts (130 or 143) after `afterMs` once a watcher exists.
class FakeInterrupts : public platform::InterruptSource
{
    Q_OBJECT
public:
    FakeInterrupts(int exitCode, int afterMs)
    {
        if (exitCode)
            QTimer::singleShot(afterMs, this, [this, exitCode] { Q_EMIT interrupted(exitCode); });
    }
};

} // namespace astro
