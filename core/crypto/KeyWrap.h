#pragma once
// Key hierarchy (ARCHITECTURE.md): a random 256-bit data key opens the cache as a raw SQLCipher
// key; it is stored only wrapped (XSalsa20-Poly1305) under a key derived from the user's
// passphrase with Argon2id. The KDF parameters are recorded beside the wrap so they can be raised
// later without breaking existing profiles.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/crypto/SecureBuffer.h"

namespace avocet::core::crypto {

inline constexpr std::size_t kDataKeySize = 32;

struct KdfParams
{
    std::uint64_t opsLimit = 0;
    std::size_t memLimit = 0;
    std::array<std::uint8_t, 16> salt{};

    // ~0.5–1 s on a laptop: the default for real profiles.
    static KdfParams moderate();
    // ~0.1 s: for shared touchdown PCs where the policy prefers fast login.
    static KdfParams interactive();
    // The library minimum: for tests and benchmarks only, never for real profiles. A build without
    // the test suite (the release preset, the packages) refuses it by name and refuses to open a
    // key wrapped with parameters weaker than interactive().
    static KdfParams minimal();
    // Looks up "moderate", "interactive" or "minimal" ("minimal" only in test builds).
    static Result<KdfParams> named(std::string_view name);
    // True in builds with the test suite (AVOCET_BUILD_TESTS), where minimal() keeps tests fast.
    static bool weakAllowed();

    void randomiseSalt();
};

// A key wrapped with parameters weaker than interactive() (fewer passes or less memory) is refused
// unless allowWeak: a stolen key file must not be cheap to attack.
Status checkKdfStrength(const KdfParams& params, bool allowWeak);

struct WrappedKey
{
    KdfParams kdf;
    std::array<std::uint8_t, 24> nonce{};
    std::string ciphertext; // data key + MAC

    nlohmann::json toJson() const;
    static Result<WrappedKey> fromJson(const nlohmann::json& json);
};

// Argon2id derivation of a 256-bit key-encryption key.
Result<SecureBuffer> deriveKey(std::string_view passphrase, const KdfParams& params);

// Wraps dataKey under a key derived from passphrase with params (fresh nonce each time).
Result<WrappedKey> wrapKey(const SecureBuffer& dataKey, std::string_view passphrase, const KdfParams& params);

// Unwraps; ErrorCode::WrongPassphrase when the MAC does not verify.
Result<SecureBuffer> unwrapKey(const WrappedKey& wrapped, std::string_view passphrase);

// Policy: at least 8 characters. The UI says why a passphrase was refused.
Status checkPassphrasePolicy(std::string_view passphrase);

} // namespace avocet::core::crypto
