#include "ui/ErrorText.h"

#include <algorithm>

namespace avocet::ui {

using core::ErrorCode;

QString ErrorText::forUnlock(ErrorCode code, const QString& coreMessage, int retryAfterMs)
{
    const int seconds = (retryAfterMs + 999) / 1000;
    switch (code) {
    case ErrorCode::WrongPassphrase:
        if (seconds > 0)
            return tr("That passphrase is not right. Too many wrong attempts: wait %n second(s), then try again.",
                      nullptr, seconds);
        return tr("That passphrase is not right. Check Caps Lock and try again.");
    case ErrorCode::Throttled:
        return tr("Too many wrong passphrases. Wait %n second(s) before trying again.", nullptr,
                  std::max(seconds, 1));
    case ErrorCode::ProfileInUse:
        return tr("This profile is already open in another Avocet window or program. Close it there first.");
    case ErrorCode::NotFound:
        return tr("There is no Avocet profile for this user on this computer. Ask the service desk to set one "
                  "up.");
    case ErrorCode::KeyFileDamaged:
        return tr("The key file of this profile is damaged. Nothing has been changed. Contact the service desk.");
    default:
        return general(code, coreMessage);
    }
}

QString ErrorText::general(ErrorCode code, const QString& coreMessage)
{
    switch (code) {
    case ErrorCode::StoreCorrupt:
    case ErrorCode::StoreNotADatabase:
        return tr("The cache on this computer is damaged and cannot be read. It has been kept unchanged for "
                  "investigation. Contact the service desk and do not sync from this computer.");
    case ErrorCode::StoreDiskFull:
        return tr("The disk is full, so nothing could be saved. Free some space and try again.");
    case ErrorCode::ProfileLocked:
        return tr("The session is locked. Unlock it to continue.");
    default:
        break;
    }
    if (coreMessage.isEmpty())
        return tr("Something went wrong (code %1). Try again, or contact the service desk.").arg(int(code));
    return coreMessage;
}

} // namespace avocet::ui
