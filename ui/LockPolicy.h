#pragma once
// The trust's lock policy: minutes without input before Avocet locks itself (default 5). Read
// from the system-wide settings an administrator deploys (Linux: /etc/xdg/NHS/Avocet.conf,
// Windows: HKLM\Software\NHS\Avocet), key policy/idleLockMinutes, 1–60; anything else keeps the
// default. Users cannot lengthen it: the user-scope settings are not consulted.
namespace avocet::ui {

inline constexpr int kDefaultIdleLockMinutes = 5;
inline constexpr int kMaxIdleLockMinutes = 60;

int idleLockMinutesFromPolicy();

} // namespace avocet::ui
