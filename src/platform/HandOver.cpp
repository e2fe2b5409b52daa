#include "HandOver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#ifdef Q_OS_WIN
#include <QProcess>
#else
#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <vector>
#endif

namespace astro::platform {

QString companionProgram(const QString& name)
{
#ifdef Q_OS_WIN
    const QString file = name + QStringLiteral(".exe");
#else
    const QString file = name;
#endif
    // Only where astro installs them, never through PATH (a stray copy there would get the
    // user's arguments, environment and keychain).
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString& dir :
         {QString(), QStringLiteral(ASTRO_BIN_TO_LIBEXEC), QStringLiteral(ASTRO_LIBEXEC_TO_BIN)}) {
        const QFileInfo info(here.filePath(dir.isEmpty() ? file : dir + QLatin1Char('/') + file));
        if (info.isFile() && info.isExecutable())
            return info.canonicalFilePath();
    }
    return QString();
}

int handOver(const QString& program, const QStringList& args, QString* error)
{
#ifdef Q_OS_WIN
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.setInputChannelMode(QProcess::ForwardedInputChannel);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        *error = p.errorString();
        return -1;
    }
    p.waitForFinished(-1);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : 1;
#else
    const QByteArray path = QFile::encodeName(program);
    std::vector<QByteArray> storage;
    storage.push_back(path);
    for (const QString& a : args)
        storage.push_back(a.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& a : storage)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(path.constData(), argv.data());
    *error = QString::fromLocal8Bit(std::strerror(errno));
    return -1;
#endif
}

} // namespace astro::platform
