#include "core/crypto/KeyWrap.h"

#include <sodium.h>

#include <cstring>

#include "core/crypto/Hex.h"

namespace avocet::core::crypto {

namespace {

std::string hexOf(const std::uint8_t* data, std::size_t size) { return toHex(data, size); }

} // namespace

KdfParams KdfParams::moderate()
{
    KdfParams p;
    p.opsLimit = crypto_pwhash_OPSLIMIT_MODERATE;
    p.memLimit = crypto_pwhash_MEMLIMIT_MODERATE;
    p.randomiseSalt();
    return p;
}

KdfParams KdfParams::interactive()
{
    KdfParams p;
    p.opsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    p.memLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    p.randomiseSalt();
    return p;
}

KdfParams KdfParams::minimal()
{
    KdfParams p;
    p.opsLimit = crypto_pwhash_OPSLIMIT_MIN;
    p.memLimit = crypto_pwhash_MEMLIMIT_MIN;
    p.randomiseSalt();
    return p;
}

Result<KdfParams> KdfParams::named(std::string_view name)
{
    if (name == "moderate")
        return moderate();
    if (name == "interactive")
        return interactive();
    if (name == "minimal") {
        if (!weakAllowed())
            return makeError(ErrorCode::InvalidArgument,
                             "The 'minimal' key-derivation strength is for test builds only; use moderate or "
                             "interactive.");
        return minimal();
    }
    return makeError(ErrorCode::InvalidArgument,
                     "Unknown key-derivation strength '" + std::string(name) +
                         "'; use moderate, interactive or minimal.");
}

void KdfParams::randomiseSalt()
{
    initialise();
    randombytes_buf(salt.data(), salt.size());
}

nlohmann::json WrappedKey::toJson() const
{
    return {
        {"format", "avocet-keywrap"},
        {"version", 1},
        {"kdf",
         {{"algorithm", "argon2id13"},
          {"opslimit", kdf.opsLimit},
          {"memlimit", kdf.memLimit},
          {"salt", hexOf(kdf.salt.data(), kdf.salt.size())}}},
        {"cipher", "xsalsa20poly1305"},
        {"nonce", hexOf(nonce.data(), nonce.size())},
        {"wrapped", hexOf(reinterpret_cast<const std::uint8_t*>(ciphertext.data()), ciphertext.size())},
    };
}

Result<WrappedKey> WrappedKey::fromJson(const nlohmann::json& json)
{
    auto damaged = [](const std::string& what) {
        return makeError(ErrorCode::KeyFileDamaged,
                         "The key file of this profile is damaged (" + what +
                             "). Restore it from backup or ask the service desk to reset the profile.");
    };
    try {
        if (json.value("format", "") != "avocet-keywrap" || json.value("version", 0) != 1)
            return damaged("unknown format or version");
        const auto& kdf = json.at("kdf");
        if (kdf.value("algorithm", "") != "argon2id13")
            return damaged("unsupported key-derivation algorithm");
        if (json.value("cipher", "") != "xsalsa20poly1305")
            return damaged("unsupported cipher");
        WrappedKey w;
        w.kdf.opsLimit = kdf.at("opslimit").get<std::uint64_t>();
        w.kdf.memLimit = kdf.at("memlimit").get<std::size_t>();
        if (w.kdf.opsLimit < crypto_pwhash_OPSLIMIT_MIN || w.kdf.opsLimit > crypto_pwhash_OPSLIMIT_MAX ||
            w.kdf.memLimit < crypto_pwhash_MEMLIMIT_MIN || w.kdf.memLimit > crypto_pwhash_MEMLIMIT_MAX)
            return damaged("key-derivation parameters out of range");
        if (!hexToArray(kdf.at("salt").get<std::string>(), w.kdf.salt))
            return damaged("bad salt");
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

Result<SecureBuffer> deriveKey(std::string_view passphrase, const KdfParams& params)
{
    if (!initialise())
        return makeError(ErrorCode::CryptoFailure, "The cryptography library could not start.");
    SecureBuffer key(crypto_secretbox_KEYBYTES);
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), params.salt.data(),
                      params.opsLimit, params.memLimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return makeError(ErrorCode::CryptoFailure,
                         "Not enough memory to derive the key; close other programs and try again.");
    return key;
}

Result<WrappedKey> wrapKey(const SecureBuffer& dataKey, std::string_view passphrase, const KdfParams& params)
{
    if (dataKey.size() != kDataKeySize)
        return makeError(ErrorCode::InvalidArgument, "The data key must be 256 bits.");
    auto kek = deriveKey(passphrase, params);
    if (!kek)
        return kek.error();
    WrappedKey w;
    w.kdf = params;
    randombytes_buf(w.nonce.data(), w.nonce.size());
    w.ciphertext.assign(dataKey.size() + crypto_secretbox_MACBYTES, '\0');
    crypto_secretbox_easy(reinterpret_cast<unsigned char*>(w.ciphertext.data()), dataKey.data(), dataKey.size(),
                          w.nonce.data(), kek->data());
    return w;
}

bool KdfParams::weakAllowed()
{
#ifdef AVOCET_ALLOW_WEAK_KDF
    return true;
#else
    return false;
#endif
}

Status checkKdfStrength(const KdfParams& params, bool allowWeak)
{
    if (allowWeak)
        return {};
    if (params.opsLimit < crypto_pwhash_OPSLIMIT_INTERACTIVE || params.memLimit < crypto_pwhash_MEMLIMIT_INTERACTIVE)
        return makeError(ErrorCode::WeakPassphrase,
                         "This profile's key is protected by key-derivation parameters weaker than this build "
                         "accepts (" +
                             std::to_string(params.opsLimit) + " passes, " + std::to_string(params.memLimit >> 10) +
                             " KiB); it was made by a test build. Create the profile again with this version.");
    return {};
}

Result<SecureBuffer> unwrapKey(const WrappedKey& wrapped, std::string_view passphrase)
{
    if (Status strong = checkKdfStrength(wrapped.kdf, KdfParams::weakAllowed()); !strong)
        return strong.error();
    auto kek = deriveKey(passphrase, wrapped.kdf);
    if (!kek)
        return kek.error();
    SecureBuffer dataKey(kDataKeySize);
    if (wrapped.ciphertext.size() != kDataKeySize + crypto_secretbox_MACBYTES ||
        crypto_secretbox_open_easy(dataKey.data(),
                                   reinterpret_cast<const unsigned char*>(wrapped.ciphertext.data()),
                                   wrapped.ciphertext.size(), wrapped.nonce.data(), kek->data()) != 0)
        return makeError(ErrorCode::WrongPassphrase,
                         "That passphrase is not right for this profile. Check Caps Lock and try again.");
    return dataKey;
}

Status checkPassphrasePolicy(std::string_view passphrase)
{
    if (passphrase.size() < 8)
        return makeError(ErrorCode::WeakPassphrase, "Choose a passphrase of at least 8 characters.");
    return {};
}

} // namespace avocet::core::crypto
