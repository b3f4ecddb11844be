#include "platform/SystemKeychain.h"

#include <QPointer>

#include <qt6keychain/keychain.h>

namespace avocet::platform {

namespace {

KeychainReply replyOf(const QKeychain::Job& job)
{
    KeychainReply reply;
    switch (job.error()) {
    case QKeychain::NoError:
        reply.outcome = KeychainReply::Outcome::Ok;
        break;
    case QKeychain::EntryNotFound:
        reply.outcome = KeychainReply::Outcome::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        reply.outcome = KeychainReply::Outcome::Unavailable;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        reply.outcome = KeychainReply::Outcome::Denied;
        break;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        reply.outcome = KeychainReply::Outcome::Failed;
        break;
    }
    // On Linux a Secret Service that cannot be reached (no session bus, no daemon that provides
    // org.freedesktop.secrets) comes back as OtherError in libsecret's or D-Bus's words: that is "no
    // keychain on this computer", not a fault of the entry.
    const QString text = job.errorString();
    if (reply.outcome == KeychainReply::Outcome::Failed &&
        (text.startsWith(QLatin1String("Could not connect")) ||
         text.contains(QLatin1String("org.freedesktop.secrets")) || text.contains(QLatin1String("D-Bus")) ||
         text.contains(QLatin1String("org.freedesktop.DBus.Error"))))
        reply.outcome = KeychainReply::Outcome::Unavailable;
    if (!reply.ok())
        reply.detail = text;
    return reply;
}

template <typename JobType>
void run(JobType* job, const QString& entry, QObject* context, Keychain::Done done,
         std::function<void(JobType&, KeychainReply&)> collect = {})
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext file instead of the keychain
    job->setKey(entry);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [done = std::move(done), collect = std::move(collect)](QKeychain::Job* finished) {
                         KeychainReply reply = replyOf(*finished);
                         if (reply.ok() && collect)
                             collect(*static_cast<JobType*>(finished), reply);
                         done(std::move(reply));
                     });
    job->start();
}

} // namespace

SystemKeychain::SystemKeychain(QString service, QObject* parent) : QObject(parent), m_service(std::move(service)) {}

void SystemKeychain::write(const QString& entry, const QByteArray& secret, QObject* context, Done done)
{
    auto* job = new QKeychain::WritePasswordJob(m_service, this);
    job->setBinaryData(secret);
    run<QKeychain::WritePasswordJob>(job, entry, context, std::move(done));
}

void SystemKeychain::read(const QString& entry, QObject* context, Done done)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service, this);
    run<QKeychain::ReadPasswordJob>(job, entry, context, std::move(done),
                                    [](QKeychain::ReadPasswordJob& finished, KeychainReply& reply) {
                                        reply.secret = finished.binaryData();
                                    });
}

void SystemKeychain::remove(const QString& entry, QObject* context, Done done)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service, this);
    run<QKeychain::DeletePasswordJob>(job, entry, context, [done = std::move(done)](KeychainReply reply) {
        if (reply.outcome == KeychainReply::Outcome::NotFound)
            reply = {}; // already gone is what was asked for
        done(std::move(reply));
    });
}

} // namespace avocet::platform
