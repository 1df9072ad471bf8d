#include "kg/nlp/token_features.hpp"

#include <algorithm>

#include "kg/nlp/feature_hash.hpp"

namespace kg {
namespace {

using features::hash_string;
using features::mix;

// Long tokens (URLs) only need their ends for prefixes/suffixes.
constexpr std::size_t kMaxLower = 64;

char lower_ascii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// The lowercase form's hash; a token longer than the buffer mixes in the
// exact form's hash (`form_hash`) so that long tokens stay distinct.
std::uint64_t lower_hash(std::string_view low, std::size_t form_size, std::uint64_t form_hash) {
    return form_size <= kMaxLower ? hash_string(low) : mix(hash_string(low), form_hash);
}

// Suffix k (0-based) holds the last k + 1 bytes (fewer in short words) of
// `tail`, the lowercased last four bytes of the form.
std::uint64_t suffix_hash(std::string_view tail, std::size_t k) {
    const std::size_t len = std::min(tail.size(), k + 1);
    return mix(k + 11, hash_string(tail.substr(tail.size() - len)));
}

// Suffixes come from the real end of the word even when it was truncated.
// (The bound on n is redundant; without it GCC warns of an overflow.)
std::string_view lower_tail(std::string_view form, char (&buf)[4]) {
    const std::string_view tail = form.substr(form.size() - std::min(form.size(), sizeof buf));
    std::size_t n = 0;
    for (; n < tail.size() && n < sizeof buf; ++n) buf[n] = lower_ascii(tail[n]);
    return std::string_view(buf, n);
}

}  // namespace

TokenHashes hash_token(std::string_view form) {
    TokenHashes h;
    h.form = hash_string(form);
    char lower[kMaxLower];
    char shape[64];
    const std::size_t n = std::min<std::size_t>(form.size(), sizeof lower);
    std::size_t shape_len = 0;
    bool digit = false, hyphen = false, upper = false;
    for (std::size_t i = 0; i < form.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(form[i]);
        char s;
        if (c >= 'A' && c <= 'Z') {
            s = 'X';
            upper = true;
        } else if (c >= 'a' && c <= 'z') {
            s = 'x';
        } else if (c >= '0' && c <= '9') {
            s = 'd';
            digit = true;
        } else if (c >= 0x80) {
            s = 'u';
        } else {
            s = static_cast<char>(c);
            if (c == '-') hyphen = true;
        }
        // Runs of the same class collapse after two, so "Xxxxx" == "Xxx".
        if (shape_len < 2 || shape[shape_len - 1] != s || shape[shape_len - 2] != s)
            if (shape_len < sizeof shape) shape[shape_len++] = s;
    }
    for (std::size_t i = 0; i < n; ++i) lower[i] = lower_ascii(form[i]);
    const std::string_view low(lower, n);
    h.lower = lower_hash(low, form.size(), h.form);
    for (std::size_t k = 0; k < 3; ++k)
        h.prefix[k] = mix(k + 1, hash_string(low.substr(0, std::min(n, k + 1))));
    char tail_buf[4];
    const std::string_view tail = lower_tail(form, tail_buf);
    for (std::size_t k = 0; k < 4; ++k) h.suffix[k] = suffix_hash(tail, k);
    h.shape = hash_string(std::string_view(shape, shape_len));
    h.flags = (digit ? 1 : 0) | (hyphen ? 2 : 0) | (upper ? 4 : 0);
    return h;
}

WordHashes hash_word(std::string_view form) {
    char lower[kMaxLower];
    const std::size_t n = std::min<std::size_t>(form.size(), sizeof lower);
    for (std::size_t i = 0; i < n; ++i) lower[i] = lower_ascii(form[i]);
    // The exact form's hash is only needed for long tokens.
    const std::uint64_t form_hash = form.size() <= kMaxLower ? 0 : hash_string(form);
    char tail_buf[4];
    return WordHashes{lower_hash(std::string_view(lower, n), form.size(), form_hash),
                      suffix_hash(lower_tail(form, tail_buf), 2)};
}

void hash_tokens(std::span<const Token> tokens, std::vector<TokenHashes>& out) {
    out.resize(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) out[i] = hash_token(tokens[i].form);
}

}  // namespace kg
