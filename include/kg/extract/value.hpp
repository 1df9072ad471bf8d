// Typed literal values (money, dates, percents, quantities) found in text.
// Stored exactly, displayed compactly: "$1 billion" is Money{1e9, USD} and
// displays as "$1B"; "over $150 billion" is a lower bound shown as "$150B".
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kg {

enum class ValueKind { Text, Money, Date, Percent, Quantity };
enum class Bound { Exact, AtLeast, AtMost, About };

struct Value {
    ValueKind kind = ValueKind::Text;
    double amount = 0;     // Money, Percent, Quantity
    std::string currency;  // Money: ISO 4217 code ("USD")
    Bound bound = Bound::Exact;
    std::string date;  // Date: ISO 8601, as precise as the text ("2019", "2019-03", "2019-03-05")
    std::string unit;  // Quantity: "users"; empty otherwise
    std::string text;  // the surface text the value was read from

    // Compact display: "$150B", "$6.9B", "2019", "2%", "28M users".
    std::string display() const;
    // A key that is equal for equal values (kind, amount, unit, date); used to merge facts.
    std::string key() const;
    // Money, Percent and Quantity: `amount` is what the value says.
    bool has_amount() const {
        return kind == ValueKind::Money || kind == ValueKind::Percent ||
               kind == ValueKind::Quantity;
    }
};

std::string_view to_string(ValueKind kind);
std::string_view to_string(Bound bound);
std::optional<ValueKind> value_kind_from_string(std::string_view s);
std::optional<Bound> bound_from_string(std::string_view s);

// Qualifiers for people, in a fixed order: "amount $1B, date 2019".
std::string display_qualifiers(const std::map<std::string, Value>& qualifiers);

// Number formatting shared by display(): 1.5e11 -> "150B", 6.9e9 -> "6.9B", 28e6 -> "28M".
std::string compact_number(double amount);

}  // namespace kg
