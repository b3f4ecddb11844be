#pragma once
// Key material lives in libsodium guarded memory (mlock'd, guard pages, wiped on free).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace avocet::core::crypto {

// Must be called once before any other crypto call; safe to call repeatedly.
bool initialise();

class SecureBuffer
{
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size);
    ~SecureBuffer();
    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;
    SecureBuffer(const SecureBuffer&) = delete;
    SecureBuffer& operator=(const SecureBuffer&) = delete;

    static SecureBuffer random(std::size_t size);
    static SecureBuffer copyOf(std::string_view bytes);

    std::uint8_t* data() { return m_data; }
    const std::uint8_t* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    // Overwrites and frees the memory now (lock does this before the object dies).
    void wipe();
    bool equals(const SecureBuffer& other) const;

private:
    std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
};

std::string toHex(const std::uint8_t* data, std::size_t size);
// Hex in a SecureBuffer, for building the SQLCipher raw-key pragma without a heap copy.
SecureBuffer toHexSecure(const SecureBuffer& bytes);

} // namespace avocet::core::crypto
