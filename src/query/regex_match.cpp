#include "kg/query/regex_match.hpp"

#include <locale.h>
#include <regex.h>

#include <string>

#include "kg/error.hpp"
#include "kg/query/string_functions.hpp"

namespace kg::query {
namespace {

// The pattern in POSIX extended syntax, anchored at both ends; sets
// `ignore_case` for a leading (?i).
std::string posix_pattern(std::string_view p, bool& ignore_case) {
    ignore_case = p.starts_with("(?i)");
    if (ignore_case) p.remove_prefix(4);
    std::string out = "^(";
    bool in_class = false;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '\\' && i + 1 < p.size()) {
            const char n = p[++i];
            if (n == 'd') {
                out += in_class ? "0-9" : "[0-9]";
            } else if (n == 'D' && !in_class) {
                out += "[^0-9]";
            } else {
                out += c;
                out += n;
            }
            continue;
        }
        if (c == '[' && !in_class) {
            in_class = true;
            out += c;
            // A ']' right after '[' or '[^' is a member, not the end.
            if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
            if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
            continue;
        }
        if (c == ']' && in_class) in_class = false;
        // Lazy quantifiers: the same whole-text answer as greedy ones.
        if (c == '?' && !in_class && i > 0 &&
            (p[i - 1] == '*' || p[i - 1] == '+' || p[i - 1] == '?' || p[i - 1] == '}'))
            continue;
        out += c;
    }
    return out + ")$";
}

// A UTF-8 character type for the calling thread while it lives, so that
// '.' and [[:alpha:]] see code points; the process locale is left alone.
class Utf8Locale {
  public:
    Utf8Locale() {
        if (const locale_t utf8 = utf8_ctype_locale()) previous_ = uselocale(utf8);
    }
    ~Utf8Locale() {
        if (previous_) uselocale(previous_);
    }
    Utf8Locale(const Utf8Locale&) = delete;
    Utf8Locale& operator=(const Utf8Locale&) = delete;

  private:
    locale_t previous_ = nullptr;  // set once the thread's locale was switched
};

class CompiledRegex {
  public:
    CompiledRegex(const std::string& pattern, int flags) {
        if (const int rc = regcomp(&regex_, pattern.c_str(), flags); rc != 0) {
            char why[256];
            regerror(rc, &regex_, why, sizeof why);
            throw Error(std::string("invalid regular expression: ") + why);
        }
    }
    ~CompiledRegex() { regfree(&regex_); }
    CompiledRegex(const CompiledRegex&) = delete;
    CompiledRegex& operator=(const CompiledRegex&) = delete;
    const regex_t* get() const { return &regex_; }

  private:
    regex_t regex_{};
};

}  // namespace

bool regex_match(std::string_view text, std::string_view pattern) {
    // regexec reads a C string: text with a NUL byte in it cannot match whole.
    if (text.find('\0') != std::string_view::npos || pattern.find('\0') != std::string_view::npos)
        return false;
    bool ignore_case = false;
    const std::string posix = posix_pattern(pattern, ignore_case);
    const Utf8Locale utf8;
    const CompiledRegex regex(posix, REG_EXTENDED | REG_NOSUB | (ignore_case ? REG_ICASE : 0));
    return regexec(regex.get(), std::string(text).c_str(), 0, nullptr, 0) == 0;
}

}  // namespace kg::query
