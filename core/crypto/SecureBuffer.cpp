#include "core/crypto/SecureBuffer.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

namespace avocet::core::crypto {

bool initialise()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

SecureBuffer::SecureBuffer(std::size_t size)
{
    initialise();
    if (size == 0)
        return;
    m_data = static_cast<std::uint8_t*>(sodium_malloc(size));
    if (!m_data)
        throw std::bad_alloc();
    m_size = size;
    sodium_memzero(m_data, m_size);
}

SecureBuffer::~SecureBuffer() { wipe(); }

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecureBuffer SecureBuffer::random(std::size_t size)
{
    SecureBuffer buffer(size);
    randombytes_buf(buffer.m_data, size);
    return buffer;
}

SecureBuffer SecureBuffer::copyOf(std::string_view bytes)
{
    SecureBuffer buffer(bytes.size());
    if (!bytes.empty())
        std::memcpy(buffer.m_data, bytes.data(), bytes.size());
    return buffer;
}

void SecureBuffer::wipe()
{
    if (m_data) {
        sodium_free(m_data); // sodium_free zeroes before releasing
        m_data = nullptr;
        m_size = 0;
    }
}

bool SecureBuffer::equals(const SecureBuffer& other) const
{
    return m_size == other.m_size && (m_size == 0 || sodium_memcmp(m_data, other.m_data, m_size) == 0);
}

std::string toHex(const std::uint8_t* data, std::size_t size)
{
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.resize(size * 2);
    return out;
}

SecureBuffer toHexSecure(const SecureBuffer& bytes)
{
    SecureBuffer out(bytes.size() * 2 + 1);
    sodium_bin2hex(reinterpret_cast<char*>(out.data()), out.size(), bytes.data(), bytes.size());
    return out;
}

} // namespace avocet::core::crypto
