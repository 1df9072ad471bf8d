// Hashing for sparse features: strings are hashed once per token, feature
// templates combine those hashes with integer mixing so feature extraction
// never allocates.
#pragma once

#include <cstdint>
#include <string_view>

namespace kg::features {

inline constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    // splitmix64 finaliser over a combination that is order-sensitive.
    std::uint64_t x = a * 0x9e3779b97f4a7c15ull + b + 0x632be59bd9b4e019ull;
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

// Wider combinations: one multiply per input and a single finaliser, which
// matters when a parser state has over a hundred features.
inline constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    return mix(a * 0xd6e8feb86659fd93ull + c * 0xa0761d6478bd642full, b);
}

inline constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c,
                                   std::uint64_t d) {
    return mix(a * 0xd6e8feb86659fd93ull + c * 0xa0761d6478bd642full + d * 0xe7037ed1a0b428dbull,
               b);
}

inline constexpr std::uint64_t hash_string(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    return mix(h, s.size());
}

}  // namespace kg::features
