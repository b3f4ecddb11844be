#pragma once
// What the status area and the conflicts view show about sync: a Qt copy of the engine's
// SyncStatus (core/sync/SyncTypes.h), made on the sync thread and sent to the UI thread by value.
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace avocet::core::sync {
struct SyncStatus;
}

namespace avocet::ui::sync {

struct SyncFailureItem
{
    QString type;
    QString localId;
    QString reason; // the server's reason, as it gave it
    int attempts = 0;
};

struct SyncConflictItem
{
    qint64 id = 0;
    QString type;
    QString localId;
    QString serverId;
    QString reason;     // "version" (someone else changed it) | "deleted"
    QByteArray mine;    // JSON of the local version
    QByteArray theirs;  // JSON of the server's version, empty when it was deleted there
    QString serverVersion;
    QString detectedAt;
};

struct SyncState
{
    enum class Phase { NotConfigured, Idle, Offline, Syncing, UpToDate, Failed };
    Phase phase = Phase::NotConfigured;
    int done = 0;  // "Syncing n of m" (changes pushed so far)
    int total = 0;
    QDateTime upToDateAt; // UTC; invalid when never complete
    int pending = 0;      // changes waiting in the outbox
    QVector<SyncFailureItem> failures;
    QVector<SyncConflictItem> conflicts;
    QString lastError;    // why the last run stopped early (network), empty otherwise
    QString server;       // the configured FHIR base URL, empty when none
    bool preparing = false; // "Prepare for off-line" running

    bool isConfigured() const { return phase != Phase::NotConfigured; }
};

// Copies the engine's snapshot (phase, counts, failures, conflicts).
SyncState fromCore(const core::sync::SyncStatus& status, const QString& server);

// One line for the status area: "Off-line", "Syncing 3 of 12…", "Up to date at 14:32" (local time).
QString phaseText(const SyncState& state);

} // namespace avocet::ui::sync

Q_DECLARE_METATYPE(avocet::ui::sync::SyncState)
