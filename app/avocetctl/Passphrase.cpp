#include "app/avocetctl/Passphrase.h"

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace avocet::ctl {

core::Result<std::string> readPassphraseFromEnvOrTty(const std::string& prompt)
{
    const bool wantsNew = prompt.find("New") != std::string::npos || prompt.find("new") != std::string::npos;
    return readSecret(wantsNew ? "AVOCET_NEW_PASSPHRASE" : "AVOCET_PASSPHRASE", "passphrase", prompt);
}

core::Result<std::string> readSecret(const char* envVar, const std::string& what, const std::string& prompt)
{
    if (const char* value = std::getenv(envVar); value && *value)
        return std::string(value);

    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0)
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "no " + what + ": set " + envVar + " or run on a terminal");
    termios saved{};
    const bool isTerminal = ::tcgetattr(tty, &saved) == 0;
    if (isTerminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(tty, TCSAFLUSH, &quiet);
    }
    const std::string text = prompt + ": ";
    (void)!::write(tty, text.data(), text.size());
    std::string secret;
    char c = 0;
    while (::read(tty, &c, 1) == 1 && c != '\n' && c != '\r')
        secret.push_back(c);
    if (isTerminal)
        ::tcsetattr(tty, TCSAFLUSH, &saved);
    (void)!::write(tty, "\n", 1);
    ::close(tty);
    return secret;
}

} // namespace avocet::ctl
