#include "kg/nlp/token_features.hpp"

#include <algorithm>

#include "kg/nlp/feature_hash.hpp"

namespace kg {

TokenHashes hash_token(std::string_view form) {
    using features::hash_string;
    using features::mix;
    TokenHashes h;
    h.form = hash_string(form);
    // Long tokens (URLs) only need their ends for prefixes/suffixes.
    char lower[64];
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
    for (std::size_t i = 0; i < n; ++i) {
        const char c = form[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::string_view low(lower, n);
    h.lower = form.size() <= sizeof lower ? hash_string(low) : mix(hash_string(low), h.form);
    for (std::size_t k = 0; k < 3; ++k)
        h.prefix[k] = mix(k + 1, hash_string(low.substr(0, std::min(n, k + 1))));
    // Suffixes come from the real end of the word even when it was truncated.
    std::string tail(form.substr(form.size() - std::min<std::size_t>(form.size(), 4)));
    for (char& c : tail)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (std::size_t k = 0; k < 4; ++k) {
        const std::size_t len = std::min(tail.size(), k + 1);
        h.suffix[k] = mix(k + 11, hash_string(std::string_view(tail).substr(tail.size() - len)));
    }
    h.shape = hash_string(std::string_view(shape, shape_len));
    h.flags = (digit ? 1 : 0) | (hyphen ? 2 : 0) | (upper ? 4 : 0);
    return h;
}

void hash_tokens(std::span<const Token> tokens, std::vector<TokenHashes>& out) {
    out.resize(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) out[i] = hash_token(tokens[i].form);
}

}  // namespace kg
