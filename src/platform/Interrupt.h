#pragma once

#include <QObject>

namespace astro::platform {

// Says when the user asked a waiting command to stop (the seam: tests use a fake that
// emits on demand). `exitCode` is the shell's convention for the signal: 130 for SIGINT
// (Ctrl-C, or a console control event on Windows), 143 for SIGTERM.
class InterruptSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

Q_SIGNALS:
    void interrupted(int exitCode);
};

// For the whole process (call it in main() once translations are installed): SIGINT and
// SIGTERM end it with one message on stderr and the shell's status for the signal (130,
// 143) instead of silently. While an InterruptWatcher exists it takes over (a waiting
// command closes its listener and says "nothing was saved"). Commands started with `exec`
// get the default handlers back.
void exitWithMessageOnInterrupt();

// Turns SIGINT and SIGTERM (console control events on Windows) into interrupted(), so a
// waiting command can close its listener and exit cleanly instead of dying mid-way. While
// one exists, the signals no longer kill the process.
class InterruptWatcher : public InterruptSource
{
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject* parent = nullptr);
    ~InterruptWatcher() override;
};

} // namespace astro::platform
