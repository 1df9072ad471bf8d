// SHA-256 (FIPS 180-4) of a byte string. kg uses it as the content hash of
// every source it reads, so re-ingesting identical bytes can be recognised;
// it is not meant for security decisions.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kg {

// The 32-byte digest of `bytes`.
std::array<std::uint8_t, 32> sha256(std::string_view bytes);

// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace kg
