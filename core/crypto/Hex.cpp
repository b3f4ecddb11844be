#include "core/crypto/Hex.h"

#include <sodium.h>

namespace avocet::core::crypto {

bool hexToBytes(const std::string& hex, std::uint8_t* out, std::size_t size)
{
    std::size_t len = 0;
    return sodium_hex2bin(out, size, hex.c_str(), hex.size(), nullptr, &len, nullptr) == 0 && len == size &&
           hex.size() == size * 2;
}

bool hexToString(const std::string& hex, std::string& out)
{
    out.assign(hex.size() / 2, '\0');
    std::size_t len = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.c_str(), hex.size(), nullptr,
                       &len, nullptr) != 0)
        return false;
    out.resize(len);
    return true;
}

} // namespace avocet::core::crypto
