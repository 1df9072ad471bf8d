// Character classes for the tokenizer and sentence splitter, on raw bytes.
// Text may hold invalid UTF-8: every function here reads only inside the
// string_view, and a byte that does not start a valid sequence counts as a
// one-byte "letter", so garbage ends up inside word tokens instead of crashing
// or being dropped.
#pragma once

#include <cstddef>
#include <string_view>

namespace kg::tok {

enum class CharClass : unsigned char { space, letter, digit, punct };

struct Char {
    char32_t cp = 0;
    unsigned char len = 1;  // bytes the character takes (>= 1 whenever pos < size)
    CharClass cls = CharClass::space;
};

inline bool is_ascii_alpha(unsigned char c) {
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
inline bool is_ascii_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}
inline bool is_ascii_upper(unsigned char c) {
    return c >= 'A' && c <= 'Z';
}
inline bool is_ascii_lower(unsigned char c) {
    return c >= 'a' && c <= 'z';
}
inline char ascii_lower(char c) {
    return is_ascii_upper(static_cast<unsigned char>(c)) ? char(c | 0x20) : c;
}

inline CharClass classify_non_ascii(char32_t cp) {
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
        cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)
        return CharClass::space;
    // Latin-1 punctuation and symbols (but not the letters ª µ º), general
    // punctuation (quotes, dashes, bullets, ellipsis), currency, arrows,
    // math operators, box drawing and other symbols, CJK punctuation.
    if ((cp >= 0xA1 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) || cp == 0xD7 ||
        cp == 0xF7 || (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
        (cp >= 0x20A0 && cp <= 0x20CF) || (cp >= 0x2100 && cp <= 0x214F && cp != 0x2113) ||
        (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3001 && cp <= 0x3003) ||
        (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
        (cp >= 0x1F000 && cp <= 0x1FAFF))
        return CharClass::punct;
    return CharClass::letter;
}

// Decodes the character at `pos` (pos < s.size()).
inline Char char_at(std::string_view s, std::size_t pos) {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) {
        CharClass cls = CharClass::punct;
        if (is_ascii_alpha(b0) || b0 == '_')
            cls = CharClass::letter;
        else if (is_ascii_digit(b0))
            cls = CharClass::digit;
        else if (b0 == ' ' || (b0 >= '\t' && b0 <= '\r'))
            cls = CharClass::space;
        else if (b0 < 0x20 || b0 == 0x7F)
            cls = CharClass::space;  // other control characters separate tokens
        return {b0, 1, cls};
    }
    std::size_t need = 0;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        cp = b0 & 0x07;
    } else {
        return {b0, 1, CharClass::letter};
    }
    if (pos + need >= s.size()) return {b0, 1, CharClass::letter};
    for (std::size_t k = 1; k <= need; ++k) {
        const auto b = static_cast<unsigned char>(s[pos + k]);
        if ((b & 0xC0) != 0x80) return {b0, 1, CharClass::letter};
        cp = (cp << 6) | (b & 0x3F);
    }
    return {cp, static_cast<unsigned char>(need + 1), classify_non_ascii(cp)};
}

inline bool is_space_at(std::string_view s, std::size_t pos) {
    return pos < s.size() && char_at(s, pos).cls == CharClass::space;
}

// Letters, digits and underscore: what words are made of.
inline bool is_word_at(std::string_view s, std::size_t pos) {
    if (pos >= s.size()) return false;
    const auto c = char_at(s, pos).cls;
    return c == CharClass::letter || c == CharClass::digit;
}

// The apostrophe forms EWT splits contractions at: ' ’ and (rarely) `.
// Returns the byte length of the apostrophe at pos, or 0.
inline std::size_t apostrophe_len(std::string_view s, std::size_t pos) {
    if (pos >= s.size()) return 0;
    if (s[pos] == '\'' || s[pos] == '`') return 1;
    if (s.substr(pos, 3) == "\xE2\x80\x99") return 3;
    return 0;
}

}  // namespace kg::tok
