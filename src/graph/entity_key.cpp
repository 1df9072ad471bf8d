#include "kg/graph/entity_key.hpp"

#include <array>
#include <vector>

namespace kg {
namespace {

// Legal-form suffixes that do not distinguish one company from another.
constexpr std::array<std::string_view, 16> kCorporateSuffixes{
    "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "plc",
    "co",   "gmbh",        "ag",  "sa",           "nv",  "bv",      "lp",  "llp"};

bool is_ascii_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::vector<std::string> words_of(std::string_view name) {
    std::vector<std::string> words;
    std::string current;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        // Possessive 's / ’s at a word's end belongs to the syntax, not the name.
        const bool apostrophe = c == '\'';
        const bool curly = c == 0xE2 && i + 2 < name.size() &&
                           static_cast<unsigned char>(name[i + 1]) == 0x80 &&
                           static_cast<unsigned char>(name[i + 2]) == 0x99;
        if (apostrophe || curly) {
            const std::size_t after = i + (curly ? 3 : 1);
            if (after < name.size() && (name[after] == 's' || name[after] == 'S') &&
                (after + 1 == name.size() || !is_ascii_alnum(name[after + 1]))) {
                i = after;  // skip the s
            } else {
                i = after - 1;
            }
            continue;  // an apostrophe inside a word joins its parts: O'Reilly -> oreilly
        }
        if (is_ascii_alnum(c) || c >= 0x80) {
            current.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                                   : static_cast<char>(c));
        } else if (!current.empty()) {
            words.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty()) words.push_back(std::move(current));
    return words;
}

bool is_corporate_suffix(std::string_view w) {
    for (auto s : kCorporateSuffixes)
        if (s == w) return true;
    return false;
}

}  // namespace

std::string entity_key(std::string_view name) {
    auto words = words_of(name);
    std::size_t first = 0;
    if (words.size() > 1 && words[0] == "the") first = 1;
    std::size_t last = words.size();
    // Strip legal forms from the end, but never the whole name ("Co" alone stays).
    while (last > first + 1 && is_corporate_suffix(words[last - 1])) --last;
    std::string key;
    for (std::size_t i = first; i < last; ++i) {
        if (!key.empty()) key.push_back(' ');
        key += words[i];
    }
    return key;
}

}  // namespace kg
