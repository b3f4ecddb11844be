#include <gtest/gtest.h>

#include "core/crypto/KeyWrap.h"
#include "core/crypto/UnlockThrottle.h"

using namespace avocet::core;
using namespace avocet::core::crypto;

TEST(KeyWrap, UnwrapsTheSameDataKeyWithTheRightPassphrase)
{
    const SecureBuffer key = SecureBuffer::random(kDataKeySize);
    auto wrapped = wrapKey(key, "correct horse battery", KdfParams::minimal());
    ASSERT_TRUE(wrapped.ok()) << wrapped.message();
    auto unwrapped = unwrapKey(*wrapped, "correct horse battery");
    ASSERT_TRUE(unwrapped.ok()) << unwrapped.message();
    EXPECT_TRUE(unwrapped->equals(key));
}

TEST(KeyWrap, RefusesAWrongPassphraseWithAClearMessage)
{
    const SecureBuffer key = SecureBuffer::random(kDataKeySize);
    auto wrapped = wrapKey(key, "correct horse battery", KdfParams::minimal());
    ASSERT_TRUE(wrapped.ok());
    auto unwrapped = unwrapKey(*wrapped, "Correct horse battery");
    ASSERT_FALSE(unwrapped.ok());
    EXPECT_EQ(unwrapped.code(), ErrorCode::WrongPassphrase);
    EXPECT_NE(unwrapped.message().find("passphrase"), std::string::npos);
}

TEST(KeyWrap, RecordsArgon2idParametersBesideTheWrap)
{
    const SecureBuffer key = SecureBuffer::random(kDataKeySize);
    const KdfParams params = KdfParams::interactive();
    auto wrapped = wrapKey(key, "correct horse battery", params);
    ASSERT_TRUE(wrapped.ok());
    const auto json = wrapped->toJson();
    EXPECT_EQ(json["kdf"]["algorithm"], "argon2id13");
    EXPECT_EQ(json["kdf"]["opslimit"].get<std::uint64_t>(), params.opsLimit);
    EXPECT_EQ(json["kdf"]["memlimit"].get<std::size_t>(), params.memLimit);
    EXPECT_EQ(json["kdf"]["salt"].get<std::string>().size(), 32u);

    auto reread = WrappedKey::fromJson(json);
    ASSERT_TRUE(reread.ok()) << reread.message();
    auto unwrapped = unwrapKey(*reread, "correct horse battery");
    ASSERT_TRUE(unwrapped.ok());
    EXPECT_TRUE(unwrapped->equals(key));
}

TEST(KeyWrap, EachWrapUsesAFreshSaltAndNonce)
{
    const SecureBuffer key = SecureBuffer::random(kDataKeySize);
    auto a = wrapKey(key, "correct horse battery", KdfParams::minimal());
    auto b = wrapKey(key, "correct horse battery", KdfParams::minimal());
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(a->kdf.salt, b->kdf.salt);
    EXPECT_NE(a->nonce, b->nonce);
    EXPECT_NE(a->ciphertext, b->ciphertext);
}

TEST(KeyWrap, TreatsAFlippedCiphertextByteAsAWrongKeyNotAsAKey)
{
    const SecureBuffer key = SecureBuffer::random(kDataKeySize);
    auto wrapped = wrapKey(key, "correct horse battery", KdfParams::minimal());
    ASSERT_TRUE(wrapped.ok());
    wrapped->ciphertext[5] = static_cast<char>(wrapped->ciphertext[5] ^ 0x01);
    EXPECT_EQ(unwrapKey(*wrapped, "correct horse battery").code(), ErrorCode::WrongPassphrase);
}

TEST(KeyWrap, ReportsADamagedKeyFileInsteadOfGuessing)
{
    auto missing = WrappedKey::fromJson(nlohmann::json{{"format", "avocet-keywrap"}, {"version", 1}});
    EXPECT_EQ(missing.code(), ErrorCode::KeyFileDamaged);
    auto wrongFormat = WrappedKey::fromJson(nlohmann::json{{"format", "other"}});
    EXPECT_EQ(wrongFormat.code(), ErrorCode::KeyFileDamaged);
    const SecureBuffer key = SecureBuffer::random(kDataKeySize);
    auto wrapped = wrapKey(key, "correct horse battery", KdfParams::minimal());
    ASSERT_TRUE(wrapped.ok());
    auto json = wrapped->toJson();
    json["kdf"]["memlimit"] = 1; // below libsodium's minimum: a downgrade attempt
    EXPECT_EQ(WrappedKey::fromJson(json).code(), ErrorCode::KeyFileDamaged);
}

TEST(KeyWrap, RefusesPassphrasesShorterThanEightCharacters)
{
    EXPECT_EQ(checkPassphrasePolicy("short").code(), ErrorCode::WeakPassphrase);
    EXPECT_TRUE(checkPassphrasePolicy("long enough").ok());
}

TEST(SecureBuffer, WipeLeavesAnEmptyBuffer)
{
    SecureBuffer key = SecureBuffer::random(32);
    ASSERT_EQ(key.size(), 32u);
    key.wipe();
    EXPECT_TRUE(key.empty());
    EXPECT_EQ(key.data(), nullptr);
}

TEST(UnlockThrottle, LetsTheFirstThreeFailuresThroughThenMakesTheUserWait)
{
    auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    UnlockThrottle throttle([&now] { return now; });
    for (int i = 0; i < 2; ++i) {
        throttle.recordFailure("alice");
        EXPECT_EQ(throttle.waitBefore("alice").count(), 0) << "after failure " << i + 1;
    }
    throttle.recordFailure("alice");
    EXPECT_GE(throttle.waitBefore("alice"), std::chrono::seconds(1));
    EXPECT_EQ(throttle.waitBefore("bob").count(), 0);
    now += std::chrono::seconds(3);
    EXPECT_EQ(throttle.waitBefore("alice").count(), 0);
}

TEST(UnlockThrottle, DoublesTheDelayUpToOneMinuteAndForgetsAfterSuccess)
{
    EXPECT_EQ(UnlockThrottle::delayAfter(3), std::chrono::seconds(2));
    EXPECT_EQ(UnlockThrottle::delayAfter(4), std::chrono::seconds(4));
    EXPECT_EQ(UnlockThrottle::delayAfter(5), std::chrono::seconds(8));
    EXPECT_EQ(UnlockThrottle::delayAfter(40), std::chrono::seconds(60));
    UnlockThrottle throttle;
    for (int i = 0; i < 5; ++i)
        throttle.recordFailure("alice");
    EXPECT_GT(throttle.waitBefore("alice").count(), 0);
    throttle.recordSuccess("alice");
    EXPECT_EQ(throttle.failures("alice"), 0);
    EXPECT_EQ(throttle.waitBefore("alice").count(), 0);
}
