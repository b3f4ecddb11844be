#pragma once
// The operating system's keychain as the desktop needs it: keep, read and remove one secret under a
// named entry. Asynchronous, because the keychain may ask the operating system (or the user) first;
// every reply comes back on the caller's thread through a callback bound to a context object.
// The real one is SystemKeychain (QtKeychain); tests may put in their own.
#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace avocet::platform {

struct KeychainReply
{
    enum class Outcome {
        Ok,
        NotFound,    // no such entry
        Unavailable, // no keychain on this computer (no Secret Service, no backend)
        Denied,      // the keychain refused (locked, or the user said no)
        Failed,      // anything else; detail says what
    };
    Outcome outcome = Outcome::Ok;
    QByteArray secret; // read: the secret (the caller wipes it)
    QString detail;    // the keychain's own words, for the log and the message (never a secret)
    bool ok() const { return outcome == Outcome::Ok; }
};

class Keychain
{
public:
    virtual ~Keychain() = default;
    using Done = std::function<void(KeychainReply)>;
    // done runs on context's thread, and only while context lives.
    virtual void write(const QString& entry, const QByteArray& secret, QObject* context, Done done) = 0;
    virtual void read(const QString& entry, QObject* context, Done done) = 0;
    // Removing an entry that is not there is Ok.
    virtual void remove(const QString& entry, QObject* context, Done done) = 0;
};

} // namespace avocet::platform
