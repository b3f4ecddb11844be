#pragma once
// Hex decoding for the key files (key.json, keychain-wrap.json): exact lengths only, so a damaged
// file is refused rather than read short.

#include <array>
#include <cstdint>
#include <string>

namespace avocet::core::crypto {

// Decodes hex of exactly out.size() bytes.
bool hexToBytes(const std::string& hex, std::uint8_t* out, std::size_t size);

template <std::size_t N>
bool hexToArray(const std::string& hex, std::array<std::uint8_t, N>& out)
{
    return hexToBytes(hex, out.data(), N);
}

// Decodes hex of any even length into out.
bool hexToString(const std::string& hex, std::string& out);

} // namespace avocet::core::crypto
