#include "ui/sync/SyncState.h"

#include <QCoreApplication>
#include <QTimeZone>

#include "core/sync/SyncTypes.h"

namespace avocet::ui::sync {

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

SyncState::Phase phaseOf(core::sync::SyncPhase phase)
{
    using core::sync::SyncPhase;
    switch (phase) {
    case SyncPhase::Offline:
        return SyncState::Phase::Offline;
    case SyncPhase::Syncing:
        return SyncState::Phase::Syncing;
    case SyncPhase::UpToDate:
        return SyncState::Phase::UpToDate;
    case SyncPhase::Failed:
        return SyncState::Phase::Failed;
    case SyncPhase::Idle:
        break;
    }
    return SyncState::Phase::Idle;
}

// lupdate files a namespace-level tr() under the namespace's context, so the catalogue matches only that.
QString tr(const char* text, int n = -1)
{
    return QCoreApplication::translate("avocet::ui::sync", text, nullptr, n);
}

} // namespace

SyncState fromCore(const core::sync::SyncStatus& status, const QString& server)
{
    SyncState state;
    state.server = server;
    state.phase = server.isEmpty() ? SyncState::Phase::NotConfigured : phaseOf(status.phase);
    state.done = status.done;
    state.total = status.total;
    if (status.upToDateAt)
        state.upToDateAt = QDateTime::fromString(q(*status.upToDateAt), Qt::ISODateWithMs).toUTC();
    state.pending = status.pending;
    state.lastError = q(status.lastError);
    for (const auto& failure : status.failures)
        state.failures.push_back({q(failure.type), q(failure.localId), q(failure.reason), failure.attempts});
    for (const auto& c : status.conflicts) {
        state.conflicts.push_back({c.id, q(c.type), q(c.localId), q(c.serverId), q(c.reason),
                                   QByteArray::fromStdString(c.localContent), QByteArray::fromStdString(c.serverContent),
                                   q(c.serverVersion), q(c.detectedAt)});
    }
    return state;
}

QString phaseText(const SyncState& state)
{
    switch (state.phase) {
    case SyncState::Phase::NotConfigured:
        return tr("Sync not set up");
    case SyncState::Phase::Offline:
        return tr("Off-line");
    case SyncState::Phase::Syncing:
        if (state.total > 0)
            return tr("Syncing %1 of %2…").arg(state.done).arg(state.total);
        return tr("Syncing…");
    case SyncState::Phase::Failed:
        // How current the records on this computer are is what the user needs next.
        if (state.upToDateAt.isValid())
            return tr("Sync failed (last up to date at %1)")
                .arg(state.upToDateAt.toLocalTime().toString(QStringLiteral("HH:mm")));
        return tr("Sync failed");
    case SyncState::Phase::UpToDate:
    case SyncState::Phase::Idle:
        break;
    }
    if (state.upToDateAt.isValid())
        return tr("Up to date at %1").arg(state.upToDateAt.toLocalTime().toString(QStringLiteral("HH:mm")));
    return tr("Not synced yet");
}

} // namespace avocet::ui::sync
