// Cypher's string functions on UTF-8 text, counting code points as Cypher
// counts characters: size("日本語") is 3, reverse() keeps each character's
// bytes together, substring() and left()/right() index characters. Case
// mapping is Unicode's simple one (toLower("ÄBC") is "äbc"); mappings that
// change the length (German ß to SS) are left as they are.
#pragma once

#include <locale.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kg::query {

std::size_t code_points(std::string_view s);
// The C.UTF-8 character type as a locale object (towlower_l, uselocale
// around glibc's regex), made once; null where the system lacks C.UTF-8.
locale_t utf8_ctype_locale();
std::string reverse_code_points(std::string_view s);
// Characters [start, start + length) (clipped to the string); length
// npos: to the end.
std::string substring_code_points(std::string_view s, std::size_t start,
                                  std::size_t length = std::string_view::npos);
std::string to_lower_utf8(std::string_view s);
std::string to_upper_utf8(std::string_view s);
// Pieces between occurrences of `delimiter`; an empty delimiter splits
// into characters.
std::vector<std::string> split_text(std::string_view s, std::string_view delimiter);
// Every occurrence of `search` replaced; an empty `search` changes nothing.
std::string replace_all(std::string_view s, std::string_view search, std::string_view with);

}  // namespace kg::query
