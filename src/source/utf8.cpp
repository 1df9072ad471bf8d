#include "kg/source/utf8.hpp"

#include <cstddef>
#include <string_view>

namespace kg {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the well-formed sequence starting at s[i], or 0 if it is
// ill-formed; `bad_len` then receives the length of the maximal subpart
// (at least 1) that one U+FFFD replaces. Ranges follow Unicode Table 3-7.
std::size_t well_formed_length(std::string_view s, std::size_t i, std::size_t& bad_len) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 3;
        if (lead == 0xE0) lo = 0xA0;  // overlong
        if (lead == 0xED) hi = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 4;
        if (lead == 0xF0) lo = 0x90;  // overlong
        if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        bad_len = 1;
        return 0;
    }
    for (std::size_t k = 1; k < need; ++k) {
        unsigned char c = i + k < s.size() ? byte(i + k) : 0;
        bool ok = i + k < s.size() && (k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF));
        if (!ok) {
            bad_len = k;
            return 0;
        }
    }
    return need;
}

// Length of the longest well-formed prefix of `s`.
std::size_t valid_prefix(std::string_view s) {
    std::size_t i = 0;
    std::size_t bad_len = 0;
    while (i < s.size()) {
        std::size_t n = well_formed_length(s, i, bad_len);
        if (n == 0) break;
        i += n;
    }
    return i;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    return valid_prefix(s) == s.size();
}

bool repair_utf8(std::string& s) {
    // Most input is valid: check first and only rebuild when needed.
    std::size_t i = valid_prefix(s);
    if (i == s.size()) return false;
    std::size_t bad_len = 0;

    std::string out;
    out.reserve(s.size() + s.size() / 8);
    out.append(s, 0, i);
    while (i < s.size()) {
        std::size_t n = well_formed_length(s, i, bad_len);
        if (n == 0) {
            out += kReplacement;
            i += bad_len;
        } else {
            out.append(s, i, n);
            i += n;
        }
    }
    s = std::move(out);
    return true;
}

bool strip_utf8_bom(std::string& s) {
    if (s.starts_with("\xEF\xBB\xBF")) {
        s.erase(0, 3);
        return true;
    }
    return false;
}

void normalize_newlines(std::string& s) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < s.size(); ++r) {
        if (s[r] == '\r') {
            s[w++] = '\n';
            if (r + 1 < s.size() && s[r + 1] == '\n') ++r;
        } else {
            s[w++] = s[r];
        }
    }
    s.resize(w);
}

char32_t decode_utf8(std::string_view s, std::size_t i, std::size_t& length) {
    const auto lead = static_cast<unsigned char>(s[i]);
    length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (length == 1) return lead;
    char32_t cp = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto c = i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
        if ((c & 0xC0) != 0x80) {
            length = 1;
            return lead;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        out += kReplacement;
    } else if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace kg
