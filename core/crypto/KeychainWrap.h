#pragma once
// The second wrap of a profile's data key, for managed laptops (docs/security.md, "Keychain
// unlock"): the data key wrapped (XSalsa20-Poly1305) under a random 256-bit secret that only the
// operating system's keychain holds. The wrap sits in the profile folder, the secret does not, so a
// copy of the disk alone opens nothing, and the keychain's secret alone opens nothing either. No
// KDF: the secret is random, not something a person chose. The passphrase wrap (KeyWrap.h) always
// remains beside it.

#include <array>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/crypto/SecureBuffer.h"

namespace avocet::core::crypto {

inline constexpr std::size_t kKeychainSecretSize = 32;

struct KeychainWrap
{
    std::string entry; // the keychain entry that holds the secret (no secret, no patient data)
    std::array<std::uint8_t, 24> nonce{};
    std::string ciphertext; // data key + MAC

    nlohmann::json toJson() const;
    // KeyFileDamaged naming the field when the file is not a keychain wrap.
    static Result<KeychainWrap> fromJson(const nlohmann::json& json);
};

// A fresh random secret for the keychain.
SecureBuffer newKeychainSecret();

// Wraps dataKey under secret (fresh nonce); entry names where the secret is kept.
Result<KeychainWrap> wrapKeyForKeychain(const SecureBuffer& dataKey, const SecureBuffer& secret, std::string entry);

// Unwraps; KeyFileDamaged when the secret does not open the wrap (the keychain's entry was changed,
// damaged, or belongs to another wrap). The caller's passphrase path is untouched either way.
Result<SecureBuffer> unwrapKeyFromKeychain(const KeychainWrap& wrap, const SecureBuffer& secret);

} // namespace avocet::core::crypto
