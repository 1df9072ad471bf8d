// Cypher's `text =~ pattern`: whether the whole of `text` matches `pattern`.
// Patterns are read as POSIX extended regular expressions with the Java
// forms Cypher users write: a leading (?i) for case-insensitive matching,
// \d \D (digits), \w \W \s \S \b. Matching is by code point in UTF-8 and
// takes time polynomial in the text whatever the pattern (glibc's matcher
// does not backtrack): no pattern can hang a query or exhaust the stack,
// as std::regex's recursive matcher did on long strings and nested
// quantifiers. Laziness (`*?`) cannot change a whole-text match, so it is
// accepted and ignored; lookaround and back-references are not supported.
#pragma once

#include <string>
#include <string_view>

namespace kg::query {

// Throws kg::Error with a message for people for a pattern that is not a
// valid regular expression.
bool regex_match(std::string_view text, std::string_view pattern);

}  // namespace kg::query
