// Per-token string hashes computed once per token (form, lowercase form,
// prefixes, suffixes, shape), so the tagger's and parser's feature templates
// only combine integers.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "kg/nlp/sentence.hpp"

namespace kg {

struct TokenHashes {
    std::uint64_t form = 0;        // exact surface form
    std::uint64_t lower = 0;       // ASCII-lowercased form
    std::uint64_t prefix[3] = {};  // lowercase prefixes of 1..3 bytes
    std::uint64_t suffix[4] = {};  // lowercase suffixes of 1..4 bytes
    std::uint64_t shape = 0;       // "Xxxx" -> "Xx", "1,234" -> "d,d"
    std::uint64_t flags = 0;       // has digit / hyphen / upper, bit mask
};

TokenHashes hash_token(std::string_view form);

// The two of those hashes the parser uses (`lower` and `suffix[2]`), for a
// fraction of the cost of all of them.
struct WordHashes {
    std::uint64_t lower = 0;
    std::uint64_t suffix3 = 0;
};
WordHashes hash_word(std::string_view form);

// Padding value for positions outside the sentence.
inline constexpr std::uint64_t kNoWord = 0x5eed5eed5eedull;

void hash_tokens(std::span<const Token> tokens, std::vector<TokenHashes>& out);

}  // namespace kg
