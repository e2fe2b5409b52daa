// Probe: the least `astro auth token` can do through QtKeychain: QCoreApplication, one
// ReadPasswordJob (service astro-cli, key = argv[1]), print the value. No config.yaml.
#include <QCoreApplication>
#include <QEventLoop>
#include <cstdio>
#include <qt6keychain/keychain.h>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    QKeychain::ReadPasswordJob job(QStringLiteral("astro-cli"));
    job.setAutoDelete(false);
    job.setKey(QString::fromLocal8Bit(argv[1]));
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() != QKeychain::NoError)
        return 1;
    const QByteArray data = job.binaryData();
    fwrite(data.constData(), 1, size_t(data.size()), stdout);
    fputc('\n', stdout);
    return 0;
}
