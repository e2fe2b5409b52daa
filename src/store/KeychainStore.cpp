#include "KeychainStore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace astro {

KeychainStore::KeychainStore(QString backendName, int timeoutMs, QString hint)
    : m_backendName(std::move(backendName)), m_timeoutMs(timeoutMs), m_hint(std::move(hint))
{
}

QString KeychainStore::location() const
{
    return QCoreApplication::translate("KeychainStore", "%1 (service %2)")
        .arg(m_backendName, QLatin1String(kService));
}

StoreStatus KeychainStore::statusOf(int qkeychainError)
{
    switch (qkeychainError) {
    case QKeychain::NoError:
        return StoreStatus::Ok;
    case QKeychain::EntryNotFound:
        return StoreStatus::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return StoreStatus::Denied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError: // libsecret: no D-Bus session, no Secret Service, no collection
        return StoreStatus::Unavailable;
    case QKeychain::CouldNotDeleteEntry:
        return StoreStatus::IoError;
    }
    return StoreStatus::IoError; // an error this version does not know: never "not here"
}

// After one job hung, every later one fails at once: QtKeychain runs one job at a time.
StoreResult KeychainStore::timedOut()
{
    m_stuck = true;
    m_stuckMessage =
        QCoreApplication::translate(
            "KeychainStore",
            "The %1 did not answer within %2 s (is it locked, or waiting for a password "
            "prompt?). Set ASTRO_KEYCHAIN_TIMEOUT to wait longer.")
            .arg(m_backendName)
            .arg(m_timeoutMs / 1000.0);
    return StoreResult::fail(StoreStatus::Timeout, m_stuckMessage);
}

StoreResult KeychainStore::run(QKeychain::Job* job)
{
    // QtKeychain runs one job at a time: after one hung, every later one would wait too.
    if (m_stuck) {
        delete job;
        return StoreResult::fail(StoreStatus::Timeout, m_stuckMessage);
    }
    job->setAutoDelete(false);
    bool finished = false;
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(m_timeoutMs);
    job->start();
    if (!finished)
        loop.exec();
    if (!finished) {
        // The job may still answer later; let it clean itself up then.
        QObject::disconnect(job, nullptr, &loop, nullptr);
        job->setAutoDelete(true);
        return timedOut();
    }
    StoreResult r;
    const QString why = job->errorString();
    switch (statusOf(job->error())) {
    case StoreStatus::Ok:
        r = StoreResult::success();
        break;
    case StoreStatus::NotFound:
        r = StoreResult::fail(StoreStatus::NotFound, QString());
        break;
    case StoreStatus::Denied:
        r = StoreResult::fail(
            StoreStatus::Denied,
            QCoreApplication::translate("KeychainStore",
                                        "The %1 refused access (%2). Unlock it and try again.")
                .arg(m_backendName, why));
        break;
    case StoreStatus::Unavailable:
        r = StoreResult::fail(
            StoreStatus::Unavailable,
            QCoreApplication::translate("KeychainStore", "The %1 is not available (%2).%3")
                .arg(m_backendName, why, m_hint));
        break;
    default:
        r = StoreResult::fail(StoreStatus::IoError,
                              QCoreApplication::translate("KeychainStore", "The %1 failed (%2).")
                                  .arg(m_backendName, why));
        break;
    }
    delete job;
    return r;
}

StoreResult KeychainStore::read(const QString& key, Credentials* out)
{
    if (m_directReader && !m_stuck) {
        QByteArray payload;
        switch (m_directReader(key, &payload)) {
        case platform::DirectRead::Found:
            return parse(key, payload, out);
        case platform::DirectRead::TimedOut:
            return timedOut();
        case platform::DirectRead::Unknown:
            break;
        }
    }
    auto* job = new QKeychain::ReadPasswordJob(QLatin1String(kService));
    job->setKey(key);
    // The job is deleted by run() unless it timed out; read its data before that.
    QByteArray data;
    QObject::connect(job, &QKeychain::Job::finished, job, [job, &data] {
        if (job->error() == QKeychain::NoError)
            data = job->binaryData();
    });
    StoreResult r = run(job);
    if (r.status == StoreStatus::NotFound && m_lockedProbe && m_lockedProbe())
        return StoreResult::fail(
            StoreStatus::Denied,
            QCoreApplication::translate(
                "KeychainStore",
                "The %1 is locked, so its items cannot be read. Unlock it (log in to "
                "your desktop session, or unlock the keyring) and try again.")
                .arg(m_backendName));
    if (!r.ok())
        return r;
    return parse(key, data, out);
}

StoreResult KeychainStore::parse(const QString& key, const QByteArray& payload,
                                 Credentials* out) const
{
    if (!Credentials::fromJson(payload, out))
        return StoreResult::fail(
            StoreStatus::Corrupt,
            QCoreApplication::translate(
                "KeychainStore",
                "The %1 entry for %2 is not an astro-auth credential. Log in again.")
                .arg(m_backendName, key));
    return StoreResult::success();
}

StoreResult KeychainStore::write(const QString& key, const Credentials& credentials)
{
    const QByteArray payload = credentials.toJson();
    if (payload.size() > kMaxPayload)
        return StoreResult::fail(
            StoreStatus::IoError,
            QCoreApplication::translate(
                "KeychainStore",
                "The tokens are %1 bytes, more than a keychain item may hold (%2).")
                .arg(payload.size())
                .arg(kMaxPayload));
    auto* job = new QKeychain::WritePasswordJob(QLatin1String(kService));
    job->setKey(key);
    job->setTextData(QString::fromUtf8(payload));
    return run(job);
}

StoreResult KeychainStore::remove(const QString& key)
{
    auto* job = new QKeychain::DeletePasswordJob(QLatin1String(kService));
    job->setKey(key);
    StoreResult r = run(job);
    if (r.status == StoreStatus::NotFound)
        return StoreResult::success();
    return r;
}

} // namespace astro
