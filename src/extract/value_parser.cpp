#include "kg/extract/value_parser.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <utility>

#include "kg/strings.hpp"

namespace kg {
namespace {

struct Named {
    std::string_view word;
    double value;
};

constexpr std::array<Named, 20> kNumberWords{{
    {"one", 1},     {"two", 2},     {"three", 3},     {"four", 4},    {"five", 5},
    {"six", 6},     {"seven", 7},   {"eight", 8},     {"nine", 9},    {"ten", 10},
    {"eleven", 11}, {"twelve", 12}, {"fifteen", 15},  {"twenty", 20}, {"thirty", 30},
    {"forty", 40},  {"fifty", 50},  {"hundred", 100}, {"dozen", 12},  {"a", 1},
}};

constexpr std::array<Named, 12> kScales{{
    {"thousand", 1e3},
    {"k", 1e3},
    {"million", 1e6},
    {"mln", 1e6},
    {"mn", 1e6},
    {"m", 1e6},
    {"billion", 1e9},
    {"bn", 1e9},
    {"b", 1e9},
    {"bln", 1e9},
    {"trillion", 1e12},
    {"tn", 1e12},
}};

struct Currency {
    std::string_view text;
    std::string_view code;
};

// Symbols written before the number, and words written after it.
constexpr std::array<Currency, 8> kCurrencySymbols{{
    {"$", "USD"},
    {"US$", "USD"},
    {"USD", "USD"},
    {"€", "EUR"},
    {"EUR", "EUR"},
    {"£", "GBP"},
    {"GBP", "GBP"},
    {"¥", "JPY"},
}};
constexpr std::array<Currency, 8> kCurrencyWords{{
    {"dollars", "USD"},
    {"dollar", "USD"},
    {"euros", "EUR"},
    {"euro", "EUR"},
    {"pounds", "GBP"},
    {"yen", "JPY"},
    {"usd", "USD"},
    {"eur", "EUR"},
}};

constexpr std::array<std::string_view, 12> kMonths{"january",   "february", "march",    "april",
                                                   "may",       "june",     "july",     "august",
                                                   "september", "october",  "november", "december"};

std::optional<double> scale_of(std::string_view word) {
    const auto w = to_lower_ascii(word);
    for (const auto& s : kScales)
        if (s.word == w) return s.value;
    return std::nullopt;
}

std::optional<std::string_view> currency_symbol(std::string_view word) {
    for (const auto& c : kCurrencySymbols)
        if (c.text == word) return c.code;
    return std::nullopt;
}

std::optional<std::string_view> currency_word(std::string_view word) {
    const auto w = to_lower_ascii(word);
    for (const auto& c : kCurrencyWords)
        if (c.text == w) return c.code;
    return std::nullopt;
}

// "Jan." / "January" / "Sept." -> 1..12
int month_of(std::string_view word) {
    std::string w = to_lower_ascii(word);
    if (!w.empty() && w.back() == '.') w.pop_back();
    if (w.size() < 3) return 0;
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
        if (w == kMonths[m]) return static_cast<int>(m) + 1;
        // Abbreviations: "jan", "sept"; "may" is only ever the full word.
        if (w.size() <= 4 && m != 4 && kMonths[m].substr(0, w.size()) == w)
            return static_cast<int>(m) + 1;
    }
    return 0;
}

bool is_year(std::string_view word) {
    if (word.size() != 4) return false;
    for (char c : word)
        if (!is_digit_ascii(c)) return false;
    const int y = std::stoi(std::string(word));
    return y >= 1800 && y <= 2100;
}

// Bound phrases before an amount; returns how many tokens they take.
std::pair<Bound, std::size_t> bound_at(const std::vector<Token>& t, std::size_t i) {
    auto word = [&](std::size_t k) {
        return k < t.size() ? to_lower_ascii(t[k].form) : std::string{};
    };
    const auto w0 = word(i), w1 = word(i + 1);
    if ((w0 == "more" || w0 == "greater") && w1 == "than") return {Bound::AtLeast, 2};
    if (w0 == "at" && w1 == "least") return {Bound::AtLeast, 2};
    if ((w0 == "less" || w0 == "fewer") && w1 == "than") return {Bound::AtMost, 2};
    if (w0 == "up" && w1 == "to") return {Bound::AtMost, 2};
    if (w0 == "at" && w1 == "most") return {Bound::AtMost, 2};
    if (w0 == "over" || w0 == "above" || w0 == "exceeding") return {Bound::AtLeast, 1};
    if (w0 == "under" || w0 == "below") return {Bound::AtMost, 1};
    if (w0 == "about" || w0 == "around" || w0 == "nearly" || w0 == "almost" || w0 == "roughly" ||
        w0 == "approximately" || w0 == "some" || w0 == "circa")
        return {Bound::About, 1};
    return {Bound::Exact, 0};
}

std::string two_digits(int n) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

std::string surface(const Sentence& s, std::size_t first, std::size_t last) {
    std::string out;
    for (std::size_t k = first; k < last; ++k) {
        out += s.tokens[k].form;
        if (k + 1 < last && s.tokens[k].space_after) out += ' ';
    }
    return out;
}

// Money, percent or quantity starting at token i (after any bound words).
std::optional<ValueSpan> amount_at(const Sentence& s, std::size_t i) {
    const auto& t = s.tokens;
    std::size_t k = i;
    std::string code;
    std::string_view number_text;
    if (k < t.size()) {
        if (auto c = currency_symbol(t[k].form)) {
            code = *c;
            ++k;
        } else if (auto glued = t[k].form; !glued.empty() && glued[0] == '$') {
            // A tokenizer that keeps "$150" together.
            code = "USD";
            number_text = std::string_view(glued).substr(1);
        }
    }
    if (number_text.empty()) {
        if (k >= t.size()) return std::nullopt;
        number_text = t[k].form;
    }
    auto number = parse_number(number_text);
    if (!number) return std::nullopt;
    // "a billion" only counts with a scale word after it.
    const bool word_number = !is_digit_ascii(number_text.front());
    ++k;
    double amount = *number;
    bool scaled = false;
    if (k < t.size()) {
        if (auto scale = scale_of(t[k].form); scale && !(t[k].form.size() == 1 && code.empty())) {
            amount *= *scale;
            scaled = true;
            ++k;
        }
    }
    if (word_number && !scaled && code.empty()) return std::nullopt;
    ValueSpan span;
    span.first = i;
    if (code.empty() && k < t.size()) {
        if (auto c = currency_word(t[k].form)) {
            code = *c;
            ++k;
        }
    }
    if (!code.empty()) {
        span.value.kind = ValueKind::Money;
        span.value.currency = code;
    } else if (k < t.size() && (t[k].form == "%" || iequals(t[k].form, "percent"))) {
        span.value.kind = ValueKind::Percent;
        ++k;
    } else if (k + 1 < t.size() && iequals(t[k].form, "per") && iequals(t[k + 1].form, "cent")) {
        span.value.kind = ValueKind::Percent;
        k += 2;
    } else if (scaled && k < t.size() && !t[k].form.empty() && t[k].form[0] >= 'a' &&
               t[k].form[0] <= 'z') {
        // "28 million users": a scaled count of something.
        span.value.kind = ValueKind::Quantity;
        span.value.unit = t[k].form;
        ++k;
    } else {
        return std::nullopt;
    }
    span.value.amount = amount;
    span.last = k;
    return span;
}

// "2019", "March 2019", "March 5, 2019", "5 March 2019".
std::optional<ValueSpan> date_at(const Sentence& s, std::size_t i) {
    const auto& t = s.tokens;
    auto form = [&](std::size_t k) { return k < t.size() ? std::string_view(t[k].form) : ""; };
    ValueSpan span;
    span.first = i;
    span.value.kind = ValueKind::Date;
    if (int m = month_of(form(i)); m && starts_capitalized(form(i))) {
        auto day = parse_number(form(i + 1));
        if (day && *day >= 1 && *day <= 31 && is_digit_ascii(form(i + 1).front())) {
            std::size_t k = i + 2;
            if (form(k) == ",") ++k;
            if (is_year(form(k))) {
                span.value.date = std::string(form(k)) + "-" + two_digits(m) + "-" +
                                  two_digits(static_cast<int>(*day));
                span.last = k + 1;
                return span;
            }
            return std::nullopt;  // "March 5" without a year needs the article's date
        }
        if (is_year(form(i + 1))) {
            span.value.date = std::string(form(i + 1)) + "-" + two_digits(m);
            span.last = i + 2;
            return span;
        }
        return std::nullopt;
    }
    if (auto day = parse_number(form(i));
        day && is_digit_ascii(form(i).front()) && *day >= 1 && *day <= 31 && form(i).size() <= 2) {
        if (int m = month_of(form(i + 1)); m && is_year(form(i + 2))) {
            span.value.date = std::string(form(i + 2)) + "-" + two_digits(m) + "-" +
                              two_digits(static_cast<int>(*day));
            span.last = i + 3;
            return span;
        }
    }
    if (is_year(form(i))) {
        span.value.date = std::string(form(i));
        span.last = i + 1;
        return span;
    }
    return std::nullopt;
}

}  // namespace

std::optional<double> parse_number(std::string_view word) {
    if (word.empty()) return std::nullopt;
    if (!is_digit_ascii(word.front())) {
        const auto w = to_lower_ascii(word);
        for (const auto& n : kNumberWords)
            if (n.word == w) return n.value;
        return std::nullopt;
    }
    double value = 0, fraction = 0.1;
    bool after_point = false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (is_digit_ascii(c)) {
            if (after_point) {
                value += (c - '0') * fraction;
                fraction /= 10;
            } else {
                value = value * 10 + (c - '0');
            }
        } else if (c == ',' && !after_point && i + 3 < word.size() && is_digit_ascii(word[i + 1]) &&
                   is_digit_ascii(word[i + 2]) && is_digit_ascii(word[i + 3])) {
            continue;  // thousands separator, as in 1,000
        } else if (c == '.' && !after_point && i + 1 < word.size()) {
            after_point = true;
        } else {
            return std::nullopt;
        }
    }
    return value;
}

std::vector<ValueSpan> find_values(const Sentence& sentence) {
    std::vector<ValueSpan> out;
    const auto& t = sentence.tokens;
    for (std::size_t i = 0; i < t.size();) {
        const auto [bound, skip] = bound_at(t, i);
        std::optional<ValueSpan> found = amount_at(sentence, i + skip);
        if (found) {
            found->first = i;
            found->value.bound = bound;
        } else {
            found = date_at(sentence, i);
        }
        if (found) {
            found->value.text = surface(sentence, found->first, found->last);
            const auto next = found->last;
            out.push_back(std::move(*found));
            i = next;
        } else {
            ++i;
        }
    }
    return out;
}

}  // namespace kg
