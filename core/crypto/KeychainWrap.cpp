#include "core/crypto/KeychainWrap.h"

#include <sodium.h>

#include "core/crypto/Hex.h"
#include "core/crypto/KeyWrap.h"

namespace avocet::core::crypto {

namespace {

Error damaged(const std::string& what)
{
    return makeError(ErrorCode::KeyFileDamaged,
                     "This profile's keychain wrap is damaged (" + what +
                         "). Unlock with your passphrase; turning keychain unlock off and on again replaces it.");
}

} // namespace

nlohmann::json KeychainWrap::toJson() const
{
    return {
        {"format", "avocet-keychainwrap"},
        {"version", 1},
        {"entry", entry},
        {"cipher", "xsalsa20poly1305"},
        {"nonce", toHex(nonce.data(), nonce.size())},
        {"wrapped", toHex(reinterpret_cast<const std::uint8_t*>(ciphertext.data()), ciphertext.size())},
    };
}

Result<KeychainWrap> KeychainWrap::fromJson(const nlohmann::json& json)
{
    if (!json.is_object())
        return damaged("not a JSON object");
    try {
        if (json.value("format", "") != "avocet-keychainwrap" || json.value("version", 0) != 1)
            return damaged("unknown format or version");
        if (json.value("cipher", "") != "xsalsa20poly1305")
            return damaged("unsupported cipher");
        KeychainWrap w;
        w.entry = json.at("entry").get<std::string>();
        if (w.entry.empty())
            return damaged("no keychain entry named");
        if (!hexToArray(json.at("nonce").get<std::string>(), w.nonce))
            return damaged("bad nonce");
        if (!hexToString(json.at("wrapped").get<std::string>(), w.ciphertext) ||
            w.ciphertext.size() != kDataKeySize + crypto_secretbox_MACBYTES)
            return damaged("bad wrapped key");
        return w;
    } catch (const nlohmann::json::exception&) {
        return damaged("missing or mistyped field");
    }
}

SecureBuffer newKeychainSecret() { return SecureBuffer::random(kKeychainSecretSize); }

Result<KeychainWrap> wrapKeyForKeychain(const SecureBuffer& dataKey, const SecureBuffer& secret, std::string entry)
{
    if (!initialise())
        return makeError(ErrorCode::CryptoFailure, "The cryptography library could not start.");
    if (dataKey.size() != kDataKeySize || secret.size() != kKeychainSecretSize)
        return makeError(ErrorCode::InvalidArgument, "The data key and the keychain secret must be 256 bits each.");
    if (entry.empty())
        return makeError(ErrorCode::InvalidArgument, "A keychain wrap needs the name of its keychain entry.");
    KeychainWrap w;
    w.entry = std::move(entry);
    randombytes_buf(w.nonce.data(), w.nonce.size());
    w.ciphertext.assign(dataKey.size() + crypto_secretbox_MACBYTES, '\0');
    crypto_secretbox_easy(reinterpret_cast<unsigned char*>(w.ciphertext.data()), dataKey.data(), dataKey.size(),
                          w.nonce.data(), secret.data());
    return w;
}

Result<SecureBuffer> unwrapKeyFromKeychain(const KeychainWrap& wrap, const SecureBuffer& secret)
{
    if (!initialise())
        return makeError(ErrorCode::CryptoFailure, "The cryptography library could not start.");
    SecureBuffer dataKey(kDataKeySize);
    if (secret.size() != kKeychainSecretSize ||
        wrap.ciphertext.size() != kDataKeySize + crypto_secretbox_MACBYTES ||
        crypto_secretbox_open_easy(dataKey.data(), reinterpret_cast<const unsigned char*>(wrap.ciphertext.data()),
                                   wrap.ciphertext.size(), wrap.nonce.data(), secret.data()) != 0)
        return makeError(ErrorCode::KeyFileDamaged,
                         "The key in this computer's keychain does not open this profile (it was changed or "
                         "damaged). Unlock with your passphrase; nothing was changed.");
    return dataKey;
}

} // namespace avocet::core::crypto
