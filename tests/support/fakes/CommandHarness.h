#pragma once

#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/Services.h"
#include "core/Config.h"
#include "core/QtCompat.h"
#include "fakes/MemoryStore.h"

#include <QBuffer>
#include <QDateTime>
#include <QStringList>
#include <QTemporaryDir>
#include <utility>

namespace astro {

// What the command tests run a command in: a scratch home (`dir`), stdout and stderr
// captured in buffers behind a Console, the config file at dir/.astro/config.yaml (or at
// `configPath`), a `Store` (MemoryStore or a test's subclass of it), a fixed clock, and
// Services `s` wired to them. A test's own harness derives from it and adds its fakes
// (the network, exec, the refresh, ...) to `s`.
template <class Store = MemoryStore> struct CommandHarness
{
    QTemporaryDir dir;
    QBuffer out, err;
    Console console;
    ConfigFile config;
    Store store;
    Services s;
    QDateTime now = utcFromSecsSinceEpoch(1800000000);

    explicit CommandHarness(Console::Input input = {}, const QString& configPath = QString())
        : console(&out, &err, std::move(input)),
          config(configPath.isEmpty() ? dir.filePath(QStringLiteral(".astro/config.yaml"))
                                      : configPath)
    {
        out.open(QIODevice::WriteOnly);
        err.open(QIODevice::WriteOnly);
        s.console = &console;
        s.config = &config;
        s.store = [this](Error*) { return &store; };
        s.now = [this] { return now; };
    }
    CommandHarness(const CommandHarness&) = delete;
    CommandHarness& operator=(const CommandHarness&) = delete;

    int run(const QStringList& argv) { return runCli(s, argv); }
    // "auth token --json": the words of a command line without quoting.
    int run(const QString& cmdline)
    {
        return runCli(s, cmdline.split(QLatin1Char(' '), Qt::SkipEmptyParts));
    }
    QString stdoutText() const { return QString::fromUtf8(out.data()); }
    QString stderrText() const { return QString::fromUtf8(err.data()); }
};

} // namespace astro
