// Byte-level text hygiene for everything kg reads: after these functions a
// string is valid UTF-8 with '\n' line ends and no byte-order mark. All run in
// linear time and never grow the input by more than the replacements need.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kg {

// Replaces every ill-formed UTF-8 sequence (stray continuation bytes,
// overlong forms, surrogates, truncated sequences, code points above
// U+10FFFF) with U+FFFD, one replacement per maximal ill-formed subpart as
// Unicode recommends. Returns true if anything was replaced.
bool repair_utf8(std::string& s);

// True when `s` is well-formed UTF-8 (what repair_utf8 would leave unchanged).
bool is_valid_utf8(std::string_view s);

// Removes a leading UTF-8 byte-order mark; returns true if there was one.
bool strip_utf8_bom(std::string& s);

// Turns CRLF and lone CR line ends into LF.
void normalize_newlines(std::string& s);

// The code point that starts at s[i], and its length in bytes. A byte that
// does not start a complete sequence decodes as itself with length 1 (kg's
// text is repaired on the way in, so only strings built by hand have them).
char32_t decode_utf8(std::string_view s, std::size_t i, std::size_t& length);

// Appends code point `cp` encoded as UTF-8; surrogates and values above
// U+10FFFF are appended as U+FFFD so the result stays valid.
void append_utf8(std::string& out, char32_t cp);

}  // namespace kg
