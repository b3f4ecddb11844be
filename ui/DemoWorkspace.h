#pragma once
// The embedded demo workspace: one demo user whose passphrase is shown on the welcome screen, and
// a few hundred synthetic patients (NHS numbers from the never-issued 999 range).
#include <QString>

#include "core/crypto/KeyWrap.h"

namespace avocet::ui {

inline constexpr const char* kDemoUser = "demo";
inline constexpr const char* kDemoPassphrase = "avocet-demo-2026";
inline constexpr int kDemoPatientCount = 250;

struct DemoWorkspace
{
    QString user = QString::fromLatin1(kDemoUser);
    QString passphrase = QString::fromLatin1(kDemoPassphrase);
    int patientCount = kDemoPatientCount;
    // Fast enough for a demo at a touchdown PC; tests pass KdfParams::minimal().
    core::crypto::KdfParams kdf = core::crypto::KdfParams::interactive();
};

} // namespace avocet::ui
