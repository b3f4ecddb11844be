#pragma once
// Turns core error codes into translated text that says what happened and what to do.
#include <QCoreApplication>
#include <QString>

#include "core/common/Result.h"

namespace avocet::ui {

class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
public:
    // coreMessage is used (untranslated) for codes without a mapping; retryAfterMs for throttling.
    static QString forUnlock(core::ErrorCode code, const QString& coreMessage, int retryAfterMs);
    static QString general(core::ErrorCode code, const QString& coreMessage);
};

} // namespace avocet::ui
