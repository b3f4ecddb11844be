#include "platform/PcscCardMonitor.h"

#include <PCSC/pcsclite.h>
#include <PCSC/winscard.h>

#include <QString>

#include <map>
#include <string>
#include <vector>

namespace avocet::platform {

namespace {

constexpr DWORD kWaitMs = 2000; // stop() cancels at once; the timeout only bounds a missed cancel

// The readers attached now ("" entries never); empty when there are none.
std::vector<std::string> readersOf(SCARDCONTEXT context)
{
    DWORD size = 0;
    if (SCardListReaders(context, nullptr, nullptr, &size) != SCARD_S_SUCCESS || size == 0)
        return {};
    std::string buffer(size, '\0');
    if (SCardListReaders(context, nullptr, buffer.data(), &size) != SCARD_S_SUCCESS)
        return {};
    std::vector<std::string> readers;
    for (const char* name = buffer.c_str(); *name != '\0'; name += std::char_traits<char>::length(name) + 1)
        readers.emplace_back(name);
    return readers;
}

} // namespace

PcscCardMonitor::PcscCardMonitor(QObject* parent) : CardPresenceMonitor(parent) {}

PcscCardMonitor::~PcscCardMonitor()
{
    stop();
}

void PcscCardMonitor::start()
{
    if (m_running.exchange(true))
        return;
    m_thread = std::thread([this] { watch(); });
}

void PcscCardMonitor::stop()
{
    if (!m_running.exchange(false))
        return;
    if (const long context = m_context.load(); context != 0)
        SCardCancel(context);
    if (m_thread.joinable())
        m_thread.join();
}

void PcscCardMonitor::report(State next)
{
    const State previous = m_state.exchange(next);
    // Emitted from the watching thread: receivers in the UI thread get them queued.
    if (previous == State::CardPresent && next != State::CardPresent)
        Q_EMIT cardRemoved();
    else if (previous != State::CardPresent && next == State::CardPresent)
        Q_EMIT cardInserted();
}

void PcscCardMonitor::watch()
{
    SCARDCONTEXT context = 0;
    if (const LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context); rv != SCARD_S_SUCCESS) {
        Q_EMIT unavailable(QString::fromLatin1(pcsc_stringify_error(rv)));
        return;
    }
    m_context = context;
    std::map<std::string, DWORD> known; // reader -> the state it was last seen in
    DWORD readerCount = 0;             // the PnP pseudo-reader's count of readers
    while (m_running.load()) {
        std::vector<std::string> names = readersOf(context);
        std::vector<SCARD_READERSTATE> states(names.size() + 1);
        for (std::size_t i = 0; i < names.size(); ++i) {
            states[i].szReader = names[i].c_str();
            states[i].dwCurrentState = known.count(names[i]) ? known[names[i]] : SCARD_STATE_UNAWARE;
        }
        states.back().szReader = "\\\\?PnP?\\Notification"; // a reader plugged in or out
        states.back().dwCurrentState = readerCount << 16;
        const LONG rv = SCardGetStatusChange(context, kWaitMs, states.data(), static_cast<DWORD>(states.size()));
        if (rv == SCARD_E_CANCELLED || !m_running.load())
            break;
        if (rv == SCARD_E_TIMEOUT)
            continue;
        if (rv != SCARD_S_SUCCESS) {
            Q_EMIT unavailable(QString::fromLatin1(pcsc_stringify_error(rv)));
            report(State::Unknown);
            break;
        }
        bool present = false;
        known.clear();
        for (std::size_t i = 0; i < names.size(); ++i) {
            known[names[i]] = states[i].dwEventState & ~SCARD_STATE_CHANGED;
            present = present || (states[i].dwEventState & SCARD_STATE_PRESENT) != 0;
        }
        readerCount = (states.back().dwEventState >> 16) & 0xFFFF;
        report(names.empty() ? State::NoReader : (present ? State::CardPresent : State::CardAbsent));
    }
    m_context = 0;
    SCardReleaseContext(context);
}

} // namespace avocet::platform
