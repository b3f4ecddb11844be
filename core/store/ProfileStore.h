#pragma once
// Per-user profiles on this machine. Each user has a 0700 folder under the profiles root holding
// exactly: cache.db (+ -wal/-shm while open), key.json (the wrapped data key and its Argon2id
// parameters), profile.lock and, on a managed laptop where the user turned keychain unlock on,
// keychain-wrap.json (the data key wrapped under a secret only the operating system's keychain
// holds). Nothing else is written there, and nothing at all outside it.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/Result.h"
#include "core/crypto/KeyWrap.h"
#include "core/crypto/KeychainWrap.h"
#include "core/crypto/UnlockThrottle.h"
#include "core/store/Cache.h"

namespace avocet::core::store {

class ProfileStore
{
public:
    explicit ProfileStore(std::filesystem::path root);

    // $AVOCET_PROFILE_ROOT, else $XDG_DATA_HOME/avocet/profiles, else ~/.local/share/avocet/profiles.
    static std::filesystem::path defaultRoot();
    // Letters, digits, '.', '_' and '-', 1–64 characters, not starting with '.'.
    static Status checkUserName(const std::string& user);

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path directoryOf(const std::string& user) const { return m_root / user; }
    bool exists(const std::string& user) const;
    Result<std::vector<std::string>> users() const;

    // Creates the folder, a random data key, its wrap and an empty migrated cache.
    Status create(const std::string& user, std::string_view passphrase,
                  const crypto::KdfParams& kdf = crypto::KdfParams::moderate());

    // Unwraps the key and opens the cache. A wrong passphrase is throttled and touches no file.
    Result<std::unique_ptr<Cache>> unlock(const std::string& user, std::string_view passphrase,
                                          const std::string& client = "avocet");

    // Re-wraps the same data key under a new passphrase; the database bytes do not change. `open` is
    // the user's own unlocked cache when the caller has one (the desktop): it already holds the
    // profile lock that otherwise keeps another process from writing key.json at the same time.
    Status changePassphrase(const std::string& user, std::string_view oldPassphrase,
                            std::string_view newPassphrase, std::optional<crypto::KdfParams> kdf = std::nullopt,
                            const Cache* open = nullptr);

    // Replaces the data key: every page is rewritten under a fresh key. Crash-safe: the profile
    // opens afterwards with either the old or the new key, never neither.
    Status rekey(const std::string& user, std::string_view passphrase);

    // --- Keychain unlock (core/crypto/KeychainWrap.h, docs/security.md "Keychain unlock") -----
    // The name of the keychain entry that holds a user's secret for a profile under this root. It is
    // fixed per user and root, so a policy can remove an entry whose wrap is gone.
    std::string keychainEntryOf(const std::string& user) const;
    bool hasKeychainWrap(const std::string& user) const;
    // Checks the passphrase (throttled like an unlock) and wraps the data key under a fresh secret;
    // writes nothing. The caller keeps the secret in the keychain, then writes the wrap.
    struct PreparedKeychainWrap
    {
        crypto::KeychainWrap wrap;
        crypto::SecureBuffer secret;
    };
    Result<PreparedKeychainWrap> prepareKeychainWrap(const std::string& user, std::string_view passphrase);
    // Writes a prepared wrap beside key.json. `open`: as for changePassphrase.
    Status writeKeychainWrap(const std::string& user, const crypto::KeychainWrap& wrap, const Cache* open = nullptr);
    // Opens the cache with the keychain's secret instead of the passphrase. A secret that does not
    // open the wrap, or a wrap of an older data key, is refused (KeyFileDamaged) and touches no file.
    Result<std::unique_ptr<Cache>> unlockWithKeychainSecret(const std::string& user,
                                                            const crypto::SecureBuffer& secret,
                                                            const std::string& client = "avocet");
    // Removes the keychain wrap; true when there was one.
    Result<bool> removeKeychainWrap(const std::string& user);

    crypto::UnlockThrottle& throttle() { return m_throttle; }

    static constexpr const char* kDatabaseFile = "cache.db";
    static constexpr const char* kKeyFile = "key.json";
    static constexpr const char* kPendingKeyFile = "key.json.next";
    static constexpr const char* kRekeyFile = "cache.db.rekey";
    static constexpr const char* kLockFile = "profile.lock";
    static constexpr const char* kKeychainWrapFile = "keychain-wrap.json";

private:
    Result<crypto::WrappedKey> readWrap(const std::filesystem::path& file) const;
    Status writeWrap(const std::filesystem::path& file, const crypto::WrappedKey& wrap) const;
    // The throttled passphrase check shared by unlock and changePassphrase: reads key.json and
    // unwraps the data key; records the failure or success with the throttle. Touches no file.
    struct Unwrapped
    {
        crypto::WrappedKey wrap;
        crypto::SecureBuffer key;
    };
    Result<Unwrapped> unwrapThrottled(const std::string& user, std::string_view passphrase);
    // Opens the cache with the key from key.json, finishing or discarding an interrupted rekey.
    Result<Database> openWithRecovery(const std::filesystem::path& dir, crypto::SecureBuffer& key,
                                      std::string_view passphrase);

    // The last step of every unlock: migrations, the Cache, and its unlock audit event.
    Result<std::unique_ptr<Cache>> openUnlocked(const std::string& user, FileLock lock, Database db,
                                                crypto::SecureBuffer key, const std::string& client);
    // The profile lock, unless `open` is the user's own unlocked cache (which holds it already).
    Result<std::optional<FileLock>> lockUnlessHeld(const std::string& user, const Cache* open) const;

    std::filesystem::path m_root;
    crypto::UnlockThrottle m_throttle;
};

} // namespace avocet::core::store
