#include "kg/extract/value.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <string>

namespace kg {
namespace {

// Trailing zeros trimmed: 1.50 -> "1.5", 150.0 -> "150".
std::string trim_number(double x, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s;
}

std::string currency_symbol(const std::string& code) {
    if (code == "USD") return "$";
    if (code == "EUR") return "€";
    if (code == "GBP") return "£";
    if (code == "JPY") return "¥";
    return code.empty() ? "" : code + " ";
}

}  // namespace

std::string compact_number(double amount) {
    struct Scale {
        double factor;
        const char* suffix;
    };
    static constexpr std::array<Scale, 4> scales{{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}}};
    const double magnitude = std::fabs(amount);
    for (const auto& s : scales) {
        // Thousands are written out ("$500,000" reads better as $500K only when round).
        if (magnitude >= s.factor) {
            const double scaled = amount / s.factor;
            if (s.factor == 1e3 && std::fabs(scaled - std::round(scaled)) > 1e-9)
                return trim_number(amount, 2);
            return trim_number(scaled, 2) + s.suffix;
        }
    }
    return trim_number(amount, 2);
}

std::string Value::display() const {
    switch (kind) {
        case ValueKind::Money:
            return currency_symbol(currency) + compact_number(amount);
        case ValueKind::Percent:
            return trim_number(amount, 2) + "%";
        case ValueKind::Quantity:
            return compact_number(amount) + (unit.empty() ? "" : " " + unit);
        case ValueKind::Date:
            return date;
        case ValueKind::Text:
            break;
    }
    return text;
}

std::string Value::key() const {
    switch (kind) {
        case ValueKind::Money:
            return "money:" + currency + ":" + trim_number(amount, 4);
        case ValueKind::Percent:
            return "percent:" + trim_number(amount, 4);
        case ValueKind::Quantity:
            return "quantity:" + unit + ":" + trim_number(amount, 4);
        case ValueKind::Date:
            return "date:" + date;
        case ValueKind::Text:
            break;
    }
    return "text:" + text;
}

std::string display_qualifiers(const std::map<std::string, Value>& qualifiers) {
    std::string out;
    for (const auto& [name, value] : qualifiers) {
        if (!out.empty()) out += ", ";
        out += name + " " + value.display();
    }
    return out;
}

std::string_view to_string(ValueKind kind) {
    switch (kind) {
        case ValueKind::Money:
            return "money";
        case ValueKind::Date:
            return "date";
        case ValueKind::Percent:
            return "percent";
        case ValueKind::Quantity:
            return "quantity";
        case ValueKind::Text:
            break;
    }
    return "text";
}

std::string_view to_string(Bound bound) {
    switch (bound) {
        case Bound::AtLeast:
            return "at-least";
        case Bound::AtMost:
            return "at-most";
        case Bound::About:
            return "about";
        case Bound::Exact:
            break;
    }
    return "exact";
}

std::optional<ValueKind> value_kind_from_string(std::string_view s) {
    for (auto k : {ValueKind::Text, ValueKind::Money, ValueKind::Date, ValueKind::Percent,
                   ValueKind::Quantity})
        if (to_string(k) == s) return k;
    return std::nullopt;
}

std::optional<Bound> bound_from_string(std::string_view s) {
    for (auto b : {Bound::Exact, Bound::AtLeast, Bound::AtMost, Bound::About})
        if (to_string(b) == s) return b;
    return std::nullopt;
}

}  // namespace kg
