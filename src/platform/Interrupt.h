#pragma once

#include <QObject>

namespace astro::platform {

// Turns Ctrl-C (SIGINT, SIGTERM; console control events on Windows) into a Qt signal, so
// a waiting command can close its listener and exit cleanly instead of dying mid-way.
// While one exists, the signals no longer kill the process.
class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject* parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    void interrupted();
};

} // namespace astro::platform
