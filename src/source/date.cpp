#include "kg/source/date.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace kg {
namespace {

struct Part {
    std::string_view text;
    bool digits;
};

// Dates are short; longer input is not a date line and is not scanned.
constexpr std::size_t kMaxDateLength = 80;

bool is_alpha(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::vector<Part> split_parts(std::string_view text) {
    std::vector<Part> parts;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        if (is_digit(text[i])) {
            while (j < text.size() && is_digit(text[j])) ++j;
            parts.push_back({text.substr(i, j - i), true});
        } else if (is_alpha(text[i])) {
            while (j < text.size() && is_alpha(text[j])) ++j;
            parts.push_back({text.substr(i, j - i), false});
        } else {
            j = i + 1;
        }
        i = j;
    }
    return parts;
}

int to_int(std::string_view digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

bool iequals_prefix(std::string_view word, std::string_view name, std::size_t min_len) {
    if (word.size() < min_len || word.size() > name.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(word[i])) != name[i]) return false;
    }
    return true;
}

// 1..12 for an English month name or its 3-letter (or "sept") abbreviation.
int month_number(std::string_view word) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
        // Either the full name or an abbreviation of at least 3 letters that
        // is 3 letters long or "sept".
        if (word.size() == kMonths[m].size() || word.size() == 3 || (m == 8 && word.size() == 4)) {
            if (iequals_prefix(word, kMonths[m], 3)) return static_cast<int>(m) + 1;
        }
    }
    return 0;
}

bool is_ordinal_suffix(std::string_view word) {
    return iequals_prefix(word, "st", 2) || iequals_prefix(word, "nd", 2) ||
           iequals_prefix(word, "rd", 2) || iequals_prefix(word, "th", 2);
}

std::string format_date(int year, int month, int day) {
    static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return {};
    if (day > kDays[month - 1]) return {};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap) return {};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::string parse_numeric(std::string_view text) {
    // YYYY-MM-DD or YYYY/MM/DD, possibly followed by a time.
    if (text.size() < 8 || !is_digit(text[0]) || !is_digit(text[1]) || !is_digit(text[2]) ||
        !is_digit(text[3])) {
        return {};
    }
    char sep = text[4];
    if (sep != '-' && sep != '/' && sep != '.') return {};
    std::size_t i = 5;
    auto read_number = [&](int& value) {
        std::size_t start = i;
        while (i < text.size() && is_digit(text[i]) && i - start < 2) ++i;
        if (i == start) return false;
        value = to_int(text.substr(start, i - start));
        return true;
    };
    int month = 0, day = 0;
    if (!read_number(month) || i >= text.size() || text[i] != sep) return {};
    ++i;
    if (!read_number(day)) return {};
    if (i < text.size() && is_digit(text[i])) return {};
    return format_date(to_int(text.substr(0, 4)), month, day);
}

}  // namespace

std::string normalize_date(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    if (text.empty() || text.size() > kMaxDateLength) return {};
    if (is_digit(text[0])) {
        if (std::string iso = parse_numeric(text); !iso.empty()) return iso;
    }

    // Word forms: find the month name, then the day next to it and the year.
    std::vector<Part> parts;
    for (const Part& p : split_parts(text)) {
        if (!p.digits && is_ordinal_suffix(p.text)) continue;  // "5th"
        parts.push_back(p);
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (parts[k].digits) continue;
        int month = month_number(parts[k].text);
        if (month == 0) continue;
        auto number = [&](std::size_t idx, std::size_t max_len) {
            return idx < parts.size() && parts[idx].digits && parts[idx].text.size() <= max_len
                       ? to_int(parts[idx].text)
                       : -1;
        };
        auto year_at = [&](std::size_t idx) {
            return idx < parts.size() && parts[idx].digits && parts[idx].text.size() == 4
                       ? to_int(parts[idx].text)
                       : -1;
        };
        // "March 5, 2024"
        if (int day = number(k + 1, 2); day > 0 && year_at(k + 2) > 0) {
            return format_date(year_at(k + 2), month, day);
        }
        // "5 March 2024"
        if (k > 0) {
            if (int day = number(k - 1, 2); day > 0 && year_at(k + 1) > 0) {
                return format_date(year_at(k + 1), month, day);
            }
        }
        return {};
    }
    return {};
}

}  // namespace kg
