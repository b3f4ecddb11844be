#include "core/store/ProfileStore.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/common/Files.h"
#include "core/store/Migrations.h"

namespace avocet::core::store {

namespace fs = std::filesystem;

ProfileStore::ProfileStore(fs::path root) : m_root(std::move(root)) {}

fs::path ProfileStore::defaultRoot()
{
    if (const char* explicitRoot = std::getenv("AVOCET_PROFILE_ROOT"); explicitRoot && *explicitRoot)
        return explicitRoot;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return fs::path(xdg) / "avocet" / "profiles";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / ".local" / "share" / "avocet" / "profiles";
}

Status ProfileStore::checkUserName(const std::string& user)
{
    const bool shapeOk = !user.empty() && user.size() <= 64 && user.front() != '.' &&
                         std::all_of(user.begin(), user.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
                         });
    if (!shapeOk)
        return makeError(ErrorCode::InvalidArgument,
                         "A user name has 1 to 64 letters, digits, '.', '_' or '-' and does not start with '.'.");
    return {};
}

bool ProfileStore::exists(const std::string& user) const
{
    std::error_code ec;
    return checkUserName(user).ok() && fs::exists(directoryOf(user) / kKeyFile, ec);
}

Result<std::vector<std::string>> ProfileStore::users() const
{
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::exists(m_root, ec))
        return out;
    for (const auto& entry : fs::directory_iterator(m_root, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && exists(name))
            out.push_back(name);
    }
    if (ec)
        return makeError(ErrorCode::IoError, "Cannot list the profiles folder: " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

Result<crypto::WrappedKey> ProfileStore::readWrap(const fs::path& file) const
{
    auto text = readWholeFile(file, 64 * 1024);
    if (!text)
        return text.error();
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded())
        return makeError(ErrorCode::KeyFileDamaged,
                         "The key file of this profile is damaged (not valid JSON). Restore it from backup or "
                         "ask the service desk to reset the profile.");
    return crypto::WrappedKey::fromJson(json);
}

Status ProfileStore::writeWrap(const fs::path& file, const crypto::WrappedKey& wrap) const
{
    return writeFileAtomically(file, wrap.toJson().dump(2) + "\n");
}

Result<ProfileStore::Unwrapped> ProfileStore::unwrapThrottled(const std::string& user, std::string_view passphrase)
{
    if (const auto wait = m_throttle.waitBefore(user); wait.count() > 0)
        return makeError(ErrorCode::Throttled, "Too many wrong passphrases. Wait " +
                                                   std::to_string((wait.count() + 999) / 1000) +
                                                   " seconds before trying again.");
    auto wrap = readWrap(directoryOf(user) / kKeyFile);
    if (!wrap)
        return wrap.error();
    auto key = crypto::unwrapKey(*wrap, passphrase);
    if (!key) {
        if (key.code() == ErrorCode::WrongPassphrase)
            m_throttle.recordFailure(user);
        return key.error();
    }
    m_throttle.recordSuccess(user);
    return Unwrapped{std::move(*wrap), std::move(*key)};
}

Status ProfileStore::create(const std::string& user, std::string_view passphrase, const crypto::KdfParams& kdf)
{
    if (Status st = checkUserName(user); !st)
        return st;
    if (Status st = crypto::checkPassphrasePolicy(passphrase); !st)
        return st;
    const fs::path dir = directoryOf(user);
    std::error_code ec;
    if (fs::exists(dir, ec))
        return makeError(ErrorCode::AlreadyExists, "A profile for " + user + " already exists on this computer.");

    if (Status st = createPrivateDirectory(m_root); !st)
        return st;
    if (Status st = createPrivateDirectory(dir); !st)
        return st;
    auto undo = [&dir](Status st) {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
        return st;
    };

    crypto::SecureBuffer key = crypto::SecureBuffer::random(crypto::kDataKeySize);
    auto wrap = crypto::wrapKey(key, passphrase, kdf);
    if (!wrap)
        return undo(wrap.error());
    auto lock = FileLock::acquire(dir / kLockFile);
    if (!lock)
        return undo(lock.error());
    auto db = Database::open(dir / kDatabaseFile, key, Database::Mode::CreateIfMissing);
    if (!db)
        return undo(db.error());
    if (Status st = applyMigrations(*db, cacheMigrations()); !st)
        return undo(st);
    audit::AuditLog auditLog(*db);
    audit::AuditEvent created;
    created.user = user;
    created.action = "profile-create";
    if (auto appended = auditLog.append(std::move(created)); !appended)
        return undo(appended.error());
    (void)db->checkpoint();
    if (Status st = db->close(); !st)
        return undo(st);
    // The wrap is written last: a profile exists only once its key file does.
    if (Status st = writeWrap(dir / kKeyFile, *wrap); !st)
        return undo(st);
    return {};
}

Result<Database> ProfileStore::openWithRecovery(const fs::path& dir, crypto::SecureBuffer& key,
                                                std::string_view passphrase)
{
    std::error_code ec;
    auto db = Database::open(dir / kDatabaseFile, key);
    if (db) {
        // The current key opens the cache, so any rekey that did not reach its rename is void.
        fs::remove(dir / kRekeyFile, ec);
        fs::remove(dir / (std::string(kRekeyFile) + "-journal"), ec);
        fs::remove(dir / kPendingKeyFile, ec);
        return db;
    }
    if (db.code() == ErrorCode::StoreNotADatabase && fs::exists(dir / kPendingKeyFile, ec)) {
        // A rekey renamed the new database into place but not its key file: finish it.
        auto pendingWrap = readWrap(dir / kPendingKeyFile);
        if (pendingWrap) {
            auto pendingKey = crypto::unwrapKey(*pendingWrap, passphrase);
            if (pendingKey) {
                auto reopened = Database::open(dir / kDatabaseFile, *pendingKey);
                if (reopened) {
                    if (Status st = renameDurably(dir / kPendingKeyFile, dir / kKeyFile); !st)
                        return st.error();
                    key = std::move(*pendingKey);
                    return reopened;
                }
            }
        }
    }
    if (db.code() == ErrorCode::StoreNotADatabase || db.code() == ErrorCode::StoreCorrupt)
        return makeError(ErrorCode::StoreCorrupt,
                         "The passphrase is right but the cache cannot be read: it is damaged. It has been kept "
                         "unchanged for investigation; contact the service desk and do not sync from this computer.");
    return db.error();
}

Result<std::unique_ptr<Cache>> ProfileStore::unlock(const std::string& user, std::string_view passphrase,
                                                    const std::string& client)
{
    if (Status st = checkUserName(user); !st)
        return st.error();
    const fs::path dir = directoryOf(user);
    if (!exists(user))
        return makeError(ErrorCode::NotFound, "There is no Avocet profile for " + user +
                                                  " on this computer. Create one first (profile init).");
    auto unwrapped = unwrapThrottled(user, passphrase);
    if (!unwrapped)
        return unwrapped.error();
    crypto::SecureBuffer& key = unwrapped->key;

    auto lock = FileLock::acquire(dir / kLockFile);
    if (!lock)
        return lock.error();
    auto db = openWithRecovery(dir, key, passphrase);
    if (!db)
        return db.error();
    return openUnlocked(user, std::move(*lock), std::move(*db), std::move(key), client);
}

Result<std::unique_ptr<Cache>> ProfileStore::openUnlocked(const std::string& user, FileLock lock, Database db,
                                                          crypto::SecureBuffer key, const std::string& client)
{
    if (Status st = applyMigrations(db, cacheMigrations()); !st)
        return st.error();
    auto cache = std::make_unique<Cache>(user, directoryOf(user), std::move(db), std::move(lock), std::move(key));
    if (Status st = cache->record(audit::action::Unlock, std::nullopt, client); !st)
        return st.error();
    return cache;
}

Result<std::optional<FileLock>> ProfileStore::lockUnlessHeld(const std::string& user, const Cache* open) const
{
    if (open != nullptr && !open->isLocked() && open->user() == user)
        return std::optional<FileLock>();
    auto acquired = FileLock::acquire(directoryOf(user) / kLockFile);
    if (!acquired)
        return acquired.error();
    return std::optional<FileLock>(std::move(*acquired));
}

Status ProfileStore::changePassphrase(const std::string& user, std::string_view oldPassphrase,
                                      std::string_view newPassphrase, std::optional<crypto::KdfParams> kdf,
                                      const Cache* open)
{
    if (Status st = checkUserName(user); !st)
        return st;
    if (Status st = crypto::checkPassphrasePolicy(newPassphrase); !st)
        return st;
    const fs::path dir = directoryOf(user);
    if (!exists(user))
        return makeError(ErrorCode::NotFound, "There is no Avocet profile for " + user + " on this computer.");
    std::error_code ec;
    if (fs::exists(dir / kPendingKeyFile, ec))
        return makeError(ErrorCode::Busy, "A key change was interrupted. Unlock the profile once to finish it, "
                                          "then change the passphrase.");
    auto unwrapped = unwrapThrottled(user, oldPassphrase);
    if (!unwrapped)
        return unwrapped.error();
    auto lock = lockUnlessHeld(user, open);
    if (!lock)
        return lock.error();
    crypto::KdfParams params = kdf.value_or(unwrapped->wrap.kdf);
    params.randomiseSalt();
    auto rewrapped = crypto::wrapKey(unwrapped->key, newPassphrase, params);
    if (!rewrapped)
        return rewrapped.error();
    return writeWrap(dir / kKeyFile, *rewrapped);
}

Status ProfileStore::rekey(const std::string& user, std::string_view passphrase)
{
    auto cache = unlock(user, passphrase, "rekey");
    if (!cache)
        return cache.error();
    const fs::path dir = directoryOf(user);
    auto wrap = readWrap(dir / kKeyFile);
    if (!wrap)
        return wrap.error();
    crypto::KdfParams params = wrap->kdf;
    params.randomiseSalt();
    crypto::SecureBuffer newKey = crypto::SecureBuffer::random(crypto::kDataKeySize);
    auto newWrap = crypto::wrapKey(newKey, passphrase, params);
    if (!newWrap)
        return newWrap.error();

    std::error_code ec;
    fs::remove(dir / kRekeyFile, ec);
    // A keychain wrap holds the old key: it goes first, so the keychain never opens the new one.
    if (auto removed = removeKeychainWrap(user); !removed)
        return removed.error();
    if (Status st = (*cache)->record(audit::action::Rekey); !st)
        return st;
    // 1. The new key is stored beside the old one, 2. every page is written to a new file under
    // it, 3. the new file replaces the old, 4. the new key replaces the old. A crash between any
    // two steps leaves a cache that openWithRecovery opens with one key or the other.
    if (Status st = writeWrap(dir / kPendingKeyFile, *newWrap); !st)
        return st;
    Database& db = (*cache)->database();
    if (Status st = db.exportEncryptedCopy(dir / kRekeyFile, newKey); !st) {
        fs::remove(dir / kRekeyFile, ec);
        fs::remove(dir / kPendingKeyFile, ec);
        return st;
    }
    if (Status st = fsyncPath(dir / kRekeyFile); !st)
        return st;
    if (Status st = db.checkpoint(); !st)
        return st;
    if (Status st = db.close(); !st)
        return st;
    fs::remove(dir / (std::string(kDatabaseFile) + "-wal"), ec);
    fs::remove(dir / (std::string(kDatabaseFile) + "-shm"), ec);
    if (Status st = renameDurably(dir / kRekeyFile, dir / kDatabaseFile); !st)
        return st;
    return renameDurably(dir / kPendingKeyFile, dir / kKeyFile);
}

std::string ProfileStore::keychainEntryOf(const std::string& user) const
{
    // Per user and per profiles root: two roots on one computer (a test, --profile) never share one.
    return "profile " + user + " in " + fs::absolute(m_root).lexically_normal().string();
}

bool ProfileStore::hasKeychainWrap(const std::string& user) const
{
    std::error_code ec;
    return checkUserName(user).ok() && fs::exists(directoryOf(user) / kKeychainWrapFile, ec);
}

Result<ProfileStore::PreparedKeychainWrap> ProfileStore::prepareKeychainWrap(const std::string& user,
                                                                             std::string_view passphrase)
{
    if (Status st = checkUserName(user); !st)
        return st.error();
    if (!exists(user))
        return makeError(ErrorCode::NotFound, "There is no Avocet profile for " + user + " on this computer.");
    auto unwrapped = unwrapThrottled(user, passphrase);
    if (!unwrapped)
        return unwrapped.error();
    PreparedKeychainWrap prepared{{}, crypto::newKeychainSecret()};
    auto wrap = crypto::wrapKeyForKeychain(unwrapped->key, prepared.secret, keychainEntryOf(user));
    if (!wrap)
        return wrap.error();
    prepared.wrap = std::move(*wrap);
    return prepared;
}

Status ProfileStore::writeKeychainWrap(const std::string& user, const crypto::KeychainWrap& wrap, const Cache* open)
{
    if (Status st = checkUserName(user); !st)
        return st;
    if (!exists(user))
        return makeError(ErrorCode::NotFound, "There is no Avocet profile for " + user + " on this computer.");
    if (wrap.entry != keychainEntryOf(user))
        return makeError(ErrorCode::InvalidArgument, "That keychain wrap belongs to another profile.");
    auto lock = lockUnlessHeld(user, open);
    if (!lock)
        return lock.error();
    return writeFileAtomically(directoryOf(user) / kKeychainWrapFile, wrap.toJson().dump(2) + "\n");
}

Result<std::unique_ptr<Cache>> ProfileStore::unlockWithKeychainSecret(const std::string& user,
                                                                      const crypto::SecureBuffer& secret,
                                                                      const std::string& client)
{
    if (Status st = checkUserName(user); !st)
        return st.error();
    if (!exists(user))
        return makeError(ErrorCode::NotFound, "There is no Avocet profile for " + user + " on this computer.");
    const fs::path dir = directoryOf(user);
    std::error_code ec;
    if (!fs::exists(dir / kKeychainWrapFile, ec))
        return makeError(ErrorCode::NotFound, "Keychain unlock is not turned on for " + user +
                                                  " on this computer. Unlock with your passphrase.");
    if (fs::exists(dir / kPendingKeyFile, ec))
        return makeError(ErrorCode::Busy, "A key change was interrupted. Unlock with your passphrase once to "
                                          "finish it.");
    auto text = readWholeFile(dir / kKeychainWrapFile, 64 * 1024);
    if (!text)
        return text.error();
    auto wrap = crypto::KeychainWrap::fromJson(nlohmann::json::parse(*text, nullptr, false));
    if (!wrap)
        return wrap.error();
    if (wrap->entry != keychainEntryOf(user))
        return makeError(ErrorCode::KeyFileDamaged, "This profile's keychain wrap was made for another profile. "
                                                    "Unlock with your passphrase; nothing was changed.");
    auto key = crypto::unwrapKeyFromKeychain(*wrap, secret);
    if (!key)
        return key.error();
    auto lock = FileLock::acquire(dir / kLockFile);
    if (!lock)
        return lock.error();
    auto db = Database::open(dir / kDatabaseFile, *key);
    if (!db) {
        if (db.code() == ErrorCode::StoreNotADatabase)
            return makeError(ErrorCode::KeyFileDamaged,
                             "The keychain holds an older key of this profile (it was re-keyed). Unlock with your "
                             "passphrase, then turn keychain unlock on again.");
        return db.error();
    }
    return openUnlocked(user, std::move(*lock), std::move(*db), std::move(*key), client);
}

Result<bool> ProfileStore::removeKeychainWrap(const std::string& user)
{
    if (Status st = checkUserName(user); !st)
        return st.error();
    std::error_code ec;
    const bool removed = fs::remove(directoryOf(user) / kKeychainWrapFile, ec);
    if (ec)
        return makeError(ErrorCode::IoError, "Cannot remove the keychain wrap of " + user + ": " + ec.message());
    return removed;
}

} // namespace avocet::core::store
