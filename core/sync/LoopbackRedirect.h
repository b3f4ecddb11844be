#pragma once
// The loopback redirect of a native application's sign-in (RFC 8252 7.3): a listener on
// 127.0.0.1 and a free port that takes exactly one request, the browser coming back from the
// identity provider with "/callback?code=...&state=...", answers it with a short page telling the
// user to return to Avocet, and hands the request target over. Anything else (another path, a
// request that does not arrive in time) is not taken. Qt-free, so the desktop and avocetctl share it.

#include "core/common/Result.h"
#include "core/sync/SignOn.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace avocet::core::sync {

class LoopbackRedirect
{
public:
    // Listens on 127.0.0.1 on a port the system picks.
    static Result<std::unique_ptr<LoopbackRedirect>> listen();
    ~LoopbackRedirect();
    LoopbackRedirect(const LoopbackRedirect&) = delete;
    LoopbackRedirect& operator=(const LoopbackRedirect&) = delete;

    int port() const;
    std::string redirectUri() const; // http://127.0.0.1:<port>/callback

    // Waits for the browser's request to /callback; its target ("/callback?code=..."). Errors:
    // Timeout when none came in time (the user closed the browser, or took too long).
    Result<std::string> awaitRedirect(std::chrono::milliseconds timeout);

private:
    LoopbackRedirect();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The whole browser sign-in as a use case: the hub's settings, a loopback listener, the
// authorisation URL handed to `openBrowser` (the desktop opens the system browser; avocetctl prints
// it), the redirect awaited and checked, and the code handed to the hub. The user types their
// password only at the provider. basePath: the hub's path prefix.
Result<LoginResult> signOnThroughBrowser(HttpTransport& hub, const std::function<void(const std::string&)>& openBrowser,
                                         std::chrono::milliseconds timeout, const std::string& basePath = {});

} // namespace avocet::core::sync
