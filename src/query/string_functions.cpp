#include "kg/query/string_functions.hpp"

#include <locale.h>

#include <cwctype>

#include "kg/source/utf8.hpp"

namespace kg::query {
namespace {

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Byte offset of each character's start, plus the end.
std::vector<std::size_t> boundaries(std::string_view s) {
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!is_continuation(s[i])) at.push_back(i);
    at.push_back(s.size());
    return at;
}

template <class Map>
std::string map_case(std::string_view s, Map map) {
    std::string out;
    out.reserve(s.size());
    const locale_t loc = utf8_ctype_locale();
    for (std::size_t i = 0, n = 1; i < s.size(); i += n) {
        const char32_t cp = decode_utf8(s, i, n);
        const bool stray_byte = n == 1 && cp >= 0x80;  // not a character: kept as it is
        if (stray_byte || (!loc && cp >= 0x80))
            out.append(s.substr(i, n));
        else
            append_utf8(out, static_cast<char32_t>(map(static_cast<wint_t>(cp), loc)));
    }
    return out;
}

}  // namespace

locale_t utf8_ctype_locale() {
    // Made once and kept: a few hundred bytes, never the process locale.
    static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return loc;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += !is_continuation(c);
    return n;
}

std::string reverse_code_points(std::string_view s) {
    const auto at = boundaries(s);
    std::string out;
    out.reserve(s.size());
    for (std::size_t k = at.size() - 1; k > 0; --k)
        out.append(s.substr(at[k - 1], at[k] - at[k - 1]));
    return out;
}

std::string substring_code_points(std::string_view s, std::size_t start, std::size_t length) {
    const auto at = boundaries(s);
    const std::size_t chars = at.size() - 1;
    if (start >= chars) return {};
    const std::size_t end = length >= chars - start ? chars : start + length;
    return std::string(s.substr(at[start], at[end] - at[start]));
}

std::string to_lower_utf8(std::string_view s) {
    return map_case(s,
                    [](wint_t c, locale_t loc) { return loc ? towlower_l(c, loc) : towlower(c); });
}

std::string to_upper_utf8(std::string_view s) {
    return map_case(s,
                    [](wint_t c, locale_t loc) { return loc ? towupper_l(c, loc) : towupper(c); });
}

std::vector<std::string> split_text(std::string_view s, std::string_view delimiter) {
    std::vector<std::string> out;
    if (delimiter.empty()) {
        const auto at = boundaries(s);
        for (std::size_t k = 0; k + 1 < at.size(); ++k)
            out.emplace_back(s.substr(at[k], at[k + 1] - at[k]));
        return out;
    }
    std::size_t from = 0;
    for (std::size_t hit; (hit = s.find(delimiter, from)) != std::string_view::npos;) {
        out.emplace_back(s.substr(from, hit - from));
        from = hit + delimiter.size();
    }
    out.emplace_back(s.substr(from));
    return out;
}

std::string replace_all(std::string_view s, std::string_view search, std::string_view with) {
    if (search.empty()) return std::string(s);
    std::string out;
    std::size_t from = 0;
    for (std::size_t hit; (hit = s.find(search, from)) != std::string_view::npos;) {
        out.append(s.substr(from, hit - from));
        out.append(with);
        from = hit + search.size();
    }
    out.append(s.substr(from));
    return out;
}

}  // namespace kg::query
