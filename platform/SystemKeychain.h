#pragma once
// The operating system's keychain through QtKeychain: the Secret Service on Linux (gnome-keyring,
// KWallet's Secret Service), the Keychain on macOS, the Credential Manager on Windows. Never falls
// back to a plaintext file (QtKeychain's insecure fallback stays off): with no keychain, every call
// answers Unavailable.
#include "platform/Keychain.h"

namespace avocet::platform {

class SystemKeychain : public QObject, public Keychain
{
    Q_OBJECT
public:
    // service: the name the entries are kept under in the keychain.
    explicit SystemKeychain(QString service = QStringLiteral("Avocet"), QObject* parent = nullptr);

    void write(const QString& entry, const QByteArray& secret, QObject* context, Done done) override;
    void read(const QString& entry, QObject* context, Done done) override;
    void remove(const QString& entry, QObject* context, Done done) override;

private:
    QString m_service;
};

} // namespace avocet::platform
