// Small ASCII string helpers shared by every stage. Non-ASCII bytes pass
// through unchanged: kg's text is UTF-8, and case folding of non-ASCII
// letters is not needed for the keys and keywords these helpers serve.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg {

std::string to_lower_ascii(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// True when `s` starts with `prefix`, ignoring ASCII case.
bool istarts_with(std::string_view s, std::string_view prefix);
std::string_view trim(std::string_view s);
// Splits on `sep`, keeping empty fields.
std::vector<std::string_view> split(std::string_view s, char sep);
bool is_upper_ascii(char c);
bool is_digit_ascii(char c);
// True when the first letter of `word` is an ASCII capital ("OpenAI", "U.S.").
bool starts_capitalized(std::string_view word);
// The value of `key` in declarations such as `charset=utf-8`,
// `charset = "utf-8"` or `encoding='ISO-8859-1'`: found by its key (ASCII
// case-insensitive, not inside a longer word), blanks allowed around '=',
// quotes removed, ending at a quote, blank, ';', '>' or '?'. Empty when absent.
std::string_view declared_value(std::string_view text, std::string_view key);
// `field` as one CSV field (RFC 4180): quoted, with quotes doubled, when it
// holds a comma, a quote or a line break.
std::string csv_field(std::string_view field);

}  // namespace kg
