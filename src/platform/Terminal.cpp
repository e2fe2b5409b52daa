#include "Terminal.h"

#include <QCoreApplication>
#include <QFile>
#include <cstdio>
#include <iostream>
#include <string>

#ifdef Q_OS_WIN
#include <io.h>
#define astro_isatty _isatty
#else
#include <unistd.h>
#define astro_isatty isatty
#endif

namespace astro::platform {

bool stdinIsTerminal()
{
    return astro_isatty(0) != 0;
}
bool stdoutIsTerminal()
{
    return astro_isatty(1) != 0;
}
bool stderrIsTerminal()
{
    return astro_isatty(2) != 0;
}

bool readStdinLine(QString* out)
{
    std::string line;
    if (!std::getline(std::cin, line))
        return false;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    *out = QString::fromStdString(line);
    return true;
}

QString readStdinAll(qint64 maxBytes)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(in.read(maxBytes));
}

QString keychainDisplayName()
{
#if defined(Q_OS_MACOS)
    return QCoreApplication::translate("Terminal", "macOS Keychain");
#elif defined(Q_OS_WIN)
    return QCoreApplication::translate("Terminal", "Windows Credential Manager");
#else
    return QCoreApplication::translate("Terminal", "Secret Service keychain");
#endif
}

} // namespace astro::platform
