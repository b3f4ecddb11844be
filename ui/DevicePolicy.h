#pragma once
// What kind of computer this is, as the trust's administrators deploy it in the system-wide settings
// (Linux: /etc/xdg/NHS/Avocet.conf, Windows: HKLM\Software\NHS\Avocet; user settings are never read):
//
//   [policy]
//   deviceClass=managed-laptop         ; or touchdown (the default)
//   smartcardRemovalLocks=true         ; lock when the smartcard leaves its reader (default false)
//
// A touchdown PC (shared, many users a shift) never keeps a key in the operating system's keychain
// and removes any it finds; a managed laptop (one clinician's) offers "Unlock with this computer's
// keychain", so Avocet opens after a reboot without a second secret. Anything but the two names is
// read as touchdown, the safe side, and said in the log with the file and key.
#include <QString>

class QSettings;

namespace avocet::ui {

enum class DeviceClass { Touchdown, ManagedLaptop };

struct DevicePolicy
{
    DeviceClass deviceClass = DeviceClass::Touchdown;
    bool smartcardRemovalLocks = false;
    bool keepsKeychainKeys() const { return deviceClass == DeviceClass::ManagedLaptop; }
};

// Reads the policy from these settings (the system-wide ones in the app; a test's own file in tests).
DevicePolicy devicePolicyFrom(const QSettings& settings);
// The system-wide settings' policy.
DevicePolicy devicePolicyFromSystem();

} // namespace avocet::ui
