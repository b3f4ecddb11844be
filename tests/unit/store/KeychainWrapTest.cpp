// The keychain wrap at the store level (core/crypto/KeychainWrap, ProfileStore's keychain calls), on
// real files: the secret the operating system's keychain would hold is a buffer here. The keychain
// itself is driven by ui.KeychainUnlock against a real Secret Service.
#include <gtest/gtest.h>

#include <fstream>

#include "core/store/ProfileStore.h"
#include "tests/support/FileScan.h"
#include "tests/support/TempDir.h"

using namespace avocet::core;
using namespace avocet::core::store;
using avocet::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassphrase = "correct horse battery";

class KeychainWrapStore : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(store.create("alice", kPassphrase, crypto::KdfParams::minimal()).ok()); }
    fs::path aliceDir() const { return store.directoryOf("alice"); }

    // Turns keychain unlock on for alice; the secret the keychain would keep.
    crypto::SecureBuffer turnOn()
    {
        auto prepared = store.prepareKeychainWrap("alice", kPassphrase);
        EXPECT_TRUE(prepared.ok()) << prepared.message();
        if (!prepared)
            return {};
        EXPECT_TRUE(store.writeKeychainWrap("alice", prepared->wrap).ok());
        return std::move(prepared->secret);
    }

    TempDir dir{"keychain"};
    ProfileStore store{dir.path()};
};

} // namespace

TEST_F(KeychainWrapStore, TheKeychainsSecretOpensTheProfileWithoutThePassphrase)
{
    const auto secret = turnOn();
    ASSERT_EQ(secret.size(), crypto::kKeychainSecretSize);
    EXPECT_TRUE(store.hasKeychainWrap("alice"));
    {
        auto cache = store.unlock("alice", kPassphrase, "test");
        ASSERT_TRUE(cache.ok()) << cache.message();
        ASSERT_TRUE((*cache)->database().exec("CREATE TABLE canary(x); INSERT INTO canary VALUES ('kept');").ok());
    }
    ProfileStore afterReboot(dir.path()); // a new process: nothing carried over but the files
    auto cache = afterReboot.unlockWithKeychainSecret("alice", secret, "test");
    ASSERT_TRUE(cache.ok()) << cache.message();
    auto value = (*cache)->database().queryText("SELECT x FROM canary");
    ASSERT_TRUE(value.ok() && value->has_value());
    EXPECT_EQ(**value, "kept");
}

TEST_F(KeychainWrapStore, TheDiskAloneHoldsNeitherTheSecretNorTheKey)
{
    const auto secret = turnOn();
    const std::string secretHex = crypto::toHex(secret.data(), secret.size());
    EXPECT_EQ(avocet::test::findInFiles(aliceDir(), {secretHex}), std::vector<std::string>{});
    // A copy of the disk with a secret of its own choosing opens nothing.
    auto guessed = store.unlockWithKeychainSecret("alice", crypto::newKeychainSecret(), "test");
    ASSERT_FALSE(guessed.ok());
    EXPECT_EQ(guessed.code(), ErrorCode::KeyFileDamaged);
}

TEST_F(KeychainWrapStore, AWrongSecretSaysSoAndTouchesNoFile)
{
    (void)turnOn();
    const auto before = avocet::test::snapshotDirectory(aliceDir());
    auto wrong = store.unlockWithKeychainSecret("alice", crypto::newKeychainSecret(), "test");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.code(), ErrorCode::KeyFileDamaged);
    EXPECT_NE(wrong.message().find("does not open this profile"), std::string::npos) << wrong.message();
    EXPECT_NE(wrong.message().find("passphrase"), std::string::npos);
    const auto after = avocet::test::snapshotDirectory(aliceDir());
    ASSERT_EQ(before.size(), after.size());
    for (const auto& [name, state] : before) {
        EXPECT_EQ(after.at(name).sha256, state.sha256) << name;
        EXPECT_EQ(after.at(name).mtimeNs, state.mtimeNs) << name;
    }
    EXPECT_TRUE(store.unlock("alice", kPassphrase, "test").ok()); // the passphrase path still works
}

TEST_F(KeychainWrapStore, TurningItOnNeedsThePassphraseAndAWrongOneWritesNothing)
{
    auto prepared = store.prepareKeychainWrap("alice", "not the passphrase");
    ASSERT_FALSE(prepared.ok());
    EXPECT_EQ(prepared.code(), ErrorCode::WrongPassphrase);
    EXPECT_FALSE(store.hasKeychainWrap("alice"));
    EXPECT_FALSE(fs::exists(aliceDir() / ProfileStore::kKeychainWrapFile));
}

TEST_F(KeychainWrapStore, AWrapMadeForAnotherProfileIsRefused)
{
    ASSERT_TRUE(store.create("bob", kPassphrase, crypto::KdfParams::minimal()).ok());
    auto forBob = store.prepareKeychainWrap("bob", kPassphrase);
    ASSERT_TRUE(forBob.ok());
    EXPECT_FALSE(store.writeKeychainWrap("alice", forBob->wrap).ok());
    // Copied into alice's folder by hand: named for bob's entry, so refused by name before any key.
    ASSERT_TRUE(store.writeKeychainWrap("bob", forBob->wrap).ok());
    fs::copy_file(store.directoryOf("bob") / ProfileStore::kKeychainWrapFile,
                  aliceDir() / ProfileStore::kKeychainWrapFile);
    auto opened = store.unlockWithKeychainSecret("alice", forBob->secret, "test");
    ASSERT_FALSE(opened.ok());
    EXPECT_NE(opened.message().find("another profile"), std::string::npos) << opened.message();
}

TEST_F(KeychainWrapStore, ADamagedWrapFileNamesWhatIsWrong)
{
    const auto secret = turnOn();
    std::ofstream(aliceDir() / ProfileStore::kKeychainWrapFile) << R"({"format":"avocet-keychainwrap","version":1})";
    auto opened = store.unlockWithKeychainSecret("alice", secret, "test");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.code(), ErrorCode::KeyFileDamaged);
    EXPECT_NE(opened.message().find("keychain wrap is damaged"), std::string::npos) << opened.message();
    EXPECT_TRUE(store.unlock("alice", kPassphrase, "test").ok());
}

TEST_F(KeychainWrapStore, ARekeyRemovesTheWrapOfTheOldKey)
{
    const auto secret = turnOn();
    ASSERT_TRUE(store.rekey("alice", kPassphrase).ok());
    EXPECT_FALSE(store.hasKeychainWrap("alice"));
    auto opened = store.unlockWithKeychainSecret("alice", secret, "test");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.code(), ErrorCode::NotFound);
}

TEST_F(KeychainWrapStore, APassphraseChangeKeepsTheKeychainWrapWorking)
{
    const auto secret = turnOn();
    ASSERT_TRUE(store.changePassphrase("alice", kPassphrase, "a new passphrase 2").ok());
    EXPECT_TRUE(store.unlockWithKeychainSecret("alice", secret, "test").ok());
}

TEST_F(KeychainWrapStore, TurningItOffRemovesTheWrap)
{
    const auto secret = turnOn();
    auto removed = store.removeKeychainWrap("alice");
    ASSERT_TRUE(removed.ok());
    EXPECT_TRUE(*removed);
    EXPECT_FALSE(store.unlockWithKeychainSecret("alice", secret, "test").ok());
    auto again = store.removeKeychainWrap("alice");
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again);
}

TEST_F(KeychainWrapStore, EntriesAreNamedPerUserAndPerProfilesFolder)
{
    TempDir other{"keychain-other"};
    ProfileStore elsewhere{other.path()};
    EXPECT_NE(store.keychainEntryOf("alice"), store.keychainEntryOf("bob"));
    EXPECT_NE(store.keychainEntryOf("alice"), elsewhere.keychainEntryOf("alice"));
    EXPECT_EQ(store.keychainEntryOf("alice"), ProfileStore(dir.path()).keychainEntryOf("alice"));
}
