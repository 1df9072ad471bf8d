#include "kg/strings.hpp"

#include <cctype>

namespace kg {

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        const auto pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

bool is_upper_ascii(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit_ascii(char c) {
    return c >= '0' && c <= '9';
}

bool starts_capitalized(std::string_view word) {
    for (char c : word) {
        if (is_upper_ascii(c)) return true;
        if ((c >= 'a' && c <= 'z') || is_digit_ascii(c)) return false;
    }
    return false;
}

std::string csv_field(std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string_view declared_value(std::string_view text, std::string_view key) {
    auto word_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    };
    for (std::size_t at = 0; at + key.size() <= text.size(); ++at) {
        if (!iequals(text.substr(at, key.size()), key)) continue;
        if (at > 0 && word_char(text[at - 1])) continue;
        std::size_t i = text.find_first_not_of(" \t\r\n", at + key.size());
        if (i == std::string_view::npos || text[i] != '=') continue;
        i = text.find_first_not_of(" \t\r\n", i + 1);
        if (i == std::string_view::npos) return {};
        if (text[i] == '"' || text[i] == '\'') ++i;
        const std::size_t end = text.find_first_of("\"' \t\r\n;>?", i);
        return text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    }
    return {};
}

}  // namespace kg
