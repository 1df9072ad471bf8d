// The query grammar as Spirit X3 rules. Reading order: the hand-written
// lexical parsers (blanks, keywords, names, strings, numbers), then the
// rules from expressions up to clauses and the whole query, then parse().
//
// How the tree gets built: every rule's attribute is an AST type, and
// semantic actions fill in its fields (set_field, push_field, ...) rather
// than relying on X3's automatic attribute propagation, which needs Fusion
// adaptations and is slow to compile and hard to debug.
//
// How errors come out: after a keyword or an operator the rest is required,
// written with X3's expectation operator `>`; what it names (a literal, a
// keyword, or a rule's name such as "an expression") becomes "expected ..."
// in the message. Lexical problems (an unterminated string, a number too
// large) throw Failure directly.
#include "query_grammar.hpp"

#include <algorithm>
#include <boost/spirit/home/x3.hpp>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "kg/query/parser.hpp"
#include "kg/query/schema_hints.hpp"

namespace kg::query::grammar {
namespace {

namespace x3 = boost::spirit::x3;
using x3::_attr;
using x3::_val;
using x3::_where;
using x3::lit;

using Iterator = const char*;

// A lexical error found below the rule level, at `at`.
struct Failure {
    Iterator at;
    std::string problem;
};

// What a parse shares with all its rules, reached through the X3 context.
struct ParseState {
    Iterator begin = nullptr;
    Iterator end = nullptr;
    int depth = 0;              // current nesting of guarded rules
    std::size_t steps = 0;      // guarded rule entries so far
    std::size_t max_steps = 0;  // beyond this the input is pathological
    std::size_t operators = 0;  // binary operators folded so far (kMaxQueryOperators)
    Iterator start = nullptr;   // where the innermost located[...] began
};
struct state_tag;

template <class Context>
ParseState& state(const Context& ctx) {
    return *x3::get<state_tag>(ctx);
}

// ------------------------------------------------------------ characters

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;  // any UTF-8 sequence
}
bool is_ident_char(char c) {
    return is_ident_start(c) || is_digit(c);
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// White space and comments (// to end of line, /* ... */).
Iterator skip_blank_slow(Iterator p, Iterator last) {
    while (p != last) {
        if (is_space(*p)) {
            ++p;
        } else if (*p == '/' && p + 1 != last && p[1] == '/') {
            while (p != last && *p != '\n') ++p;
        } else if (*p == '/' && p + 1 != last && p[1] == '*') {
            Iterator start = p;
            p += 2;
            while (p != last && !(*p == '*' && p + 1 != last && p[1] == '/')) ++p;
            if (p == last) throw Failure{start, "unterminated comment"};
            p += 2;
        } else {
            break;
        }
    }
    return p;
}
// The skipper runs before every token the parser tries, backtracking
// included: most times there is nothing to skip, which this says inline.
inline Iterator skip_blank(Iterator p, Iterator last) {
    if (p == last || (static_cast<unsigned char>(*p) > ' ' && *p != '/')) return p;
    return skip_blank_slow(p, last);
}

// located[p] remembers where p starts, for the actions inside p: Boost
// 1.74's _where(ctx) is the input *after* the match, not the match itself.
// Where the innermost located[...] around an action starts, after blanks:
template <class Context>
Iterator start_iterator(const Context& ctx) {
    return skip_blank(state(ctx).start, state(ctx).end);
}
template <class Context>
std::size_t start_of(const Context& ctx) {
    return static_cast<std::size_t>(start_iterator(ctx) - state(ctx).begin);
}
// Where the match of the action's subject ends.
template <class Context>
Iterator end_iterator(const Context& ctx) {
    return _where(ctx).begin();
}

// ------------------------------------------------------- lexical parsers

// The skipper.
struct blank_parser : x3::parser<blank_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, const It& last, const Ctx&, RCtx&, Attr&) const {
        It p = skip_blank(first, last);
        if (p == first) return false;
        first = p;
        return true;
    }
};
const blank_parser blank{};

// A case-insensitive keyword that must not run on into a name: `word` is
// lower case; "match" matches MATCH and Match but not matches.
struct keyword : x3::parser<keyword> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    const char* word;
    constexpr explicit keyword(const char* w) : word(w) {}
    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr&) const {
        x3::skip_over(first, last, ctx);
        It p = first;
        for (const char* w = word; *w; ++w, ++p)
            if (p == last || lower(*p) != *w) return false;
        if (p != last && is_ident_char(*p)) return false;
        first = p;
        return true;
    }
};

constexpr std::string_view kReserved[] = {
    "all",      "and",    "as",     "asc",      "ascending",  "by",     "call",     "case",
    "contains", "create", "delete", "desc",     "descending", "detach", "distinct", "else",
    "end",      "ends",   "false",  "in",       "is",         "limit",  "match",    "merge",
    "not",      "null",   "on",     "optional", "or",         "order",  "remove",   "return",
    "set",      "skip",   "starts", "then",     "true",       "union",  "unwind",   "when",
    "where",    "with",   "xor",    "yield",
};
static_assert(std::is_sorted(std::begin(kReserved), std::end(kReserved),
                             [](std::string_view a, std::string_view b) { return a < b; }),
              "is_reserved() searches kReserved by bisection");

// Called for every name the parser tries, backtracking included: a binary
// search over the sorted list, folded on the stack.
bool is_reserved(const std::string& word) {
    constexpr std::size_t kLongest = 10;  // "descending"
    // One-letter names (most variables) are never reserved.
    if (word.size() < 2 || word.size() > kLongest) return false;
    char folded[kLongest];
    for (std::size_t i = 0; i < word.size(); ++i) folded[i] = lower(word[i]);
    const std::string_view w(folded, word.size());
    return std::binary_search(std::begin(kReserved), std::end(kReserved), w,
                              [](std::string_view a, std::string_view b) { return a < b; });
}

// A name: letters, digits and '_' (or `anything in backticks`). Variables
// may not be reserved words; labels and property keys may. In relationship
// types a '-' between letters is part of the name ([:invested-in]).
struct name_parser : x3::parser<name_parser> {
    using attribute_type = std::string;
    static bool const has_attribute = true;
    bool allow_reserved;
    bool allow_hyphens;
    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr& attr) const {
        x3::skip_over(first, last, ctx);
        if (first == last) return false;
        std::string name;
        It p = first;
        if (*p == '`') {
            ++p;
            while (true) {
                if (p == last) throw Failure{first, "unterminated `quoted name`"};
                if (*p == '`') {
                    if (p + 1 != last && p[1] == '`') {  // `` is a literal backtick
                        name.push_back('`');
                        p += 2;
                        continue;
                    }
                    ++p;
                    break;
                }
                name.push_back(*p++);
            }
            if (name.empty()) throw Failure{first, "empty `quoted name`"};
        } else {
            if (!is_ident_start(*p)) return false;
            while (p != last) {
                if (is_ident_char(*p)) {
                    name.push_back(*p++);
                } else if (allow_hyphens && *p == '-' && p + 1 != last && is_ident_char(p[1])) {
                    name.push_back(*p++);
                } else {
                    break;
                }
            }
            if (!allow_reserved && is_reserved(name)) return false;
        }
        first = p;
        x3::traits::move_to(std::move(name), attr);
        return true;
    }
};

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// 'text' or "text", with backslash escapes (\n \t \r \b \f \\ \' \" \uXXXX
// \UXXXXXXXX).
struct string_parser : x3::parser<string_parser> {
    using attribute_type = std::string;
    static bool const has_attribute = true;
    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr& attr) const {
        x3::skip_over(first, last, ctx);
        if (first == last || (*first != '\'' && *first != '"')) return false;
        const char quote = *first;
        std::string text;
        It p = first + 1;
        while (true) {
            if (p == last)
                throw Failure{
                    first, "unterminated string (missing closing " + std::string(1, quote) + ")"};
            const char c = *p;
            if (c == quote) {
                ++p;
                break;
            }
            if (c != '\\') {
                text.push_back(c);
                ++p;
                continue;
            }
            It escape = p++;
            if (p == last) continue;  // reported as unterminated
            switch (*p) {
                case '\\':
                    text.push_back('\\');
                    break;
                case '\'':
                    text.push_back('\'');
                    break;
                case '"':
                    text.push_back('"');
                    break;
                case 'n':
                    text.push_back('\n');
                    break;
                case 't':
                    text.push_back('\t');
                    break;
                case 'r':
                    text.push_back('\r');
                    break;
                case 'b':
                    text.push_back('\b');
                    break;
                case 'f':
                    text.push_back('\f');
                    break;
                case 'u':
                case 'U': {
                    const int digits = *p == 'u' ? 4 : 8;
                    std::uint32_t cp = 0;
                    for (int i = 0; i < digits; ++i) {
                        if (p + 1 == last || hex_value(p[1]) < 0)
                            throw Failure{escape,
                                          "invalid unicode escape (\\u needs 4 hex digits, \\U 8)"};
                        cp = cp * 16 + static_cast<std::uint32_t>(hex_value(*++p));
                    }
                    if (cp > 0x10FFFF)
                        throw Failure{escape, "invalid unicode escape (beyond U+10FFFF)"};
                    append_utf8(text, cp);
                    break;
                }
                default:
                    throw Failure{escape, "invalid escape sequence in string"};
            }
            ++p;
        }
        first = p;
        x3::traits::move_to(std::move(text), attr);
        return true;
    }
};

// An integer (decimal, 0x hex, 0o or 0-prefixed octal) or a float (1.5,
// .5, 1e10, 1.5e-3). With `negative`, it must start with '-': that is how
// -9223372036854775808 fits in an int64.
struct number_parser : x3::parser<number_parser> {
    using attribute_type = Literal;
    static bool const has_attribute = true;
    bool negative;
    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr& attr) const {
        x3::skip_over(first, last, ctx);
        It p = first;
        if (negative) {
            if (p == last || *p != '-') return false;
            p = skip_blank(p + 1, last);
        }
        if (p == last) return false;
        const It number = p;
        const bool starts_float = *p == '.' && p + 1 != last && is_digit(p[1]);
        if (!is_digit(*p) && !starts_float) return false;

        Literal value;
        int base = 10;
        It digits = p;
        if (*p == '0' && p + 1 != last && (p[1] == 'x' || p[1] == 'X')) {
            base = 16;
            digits = p += 2;
            while (p != last && hex_value(*p) >= 0) ++p;
        } else if (*p == '0' && p + 1 != last && (p[1] == 'o' || p[1] == 'O')) {
            base = 8;
            digits = p += 2;
            while (p != last && is_digit(*p)) ++p;
        } else {
            while (p != last && is_digit(*p)) ++p;
            bool is_float = false;
            if (p != last && *p == '.' && p + 1 != last && is_digit(p[1])) {
                is_float = true;
                ++p;
                while (p != last && is_digit(*p)) ++p;
            }
            if (p != last && (*p == 'e' || *p == 'E')) {
                It e = p + 1;
                if (e != last && (*e == '+' || *e == '-')) ++e;
                if (e != last && is_digit(*e)) {
                    is_float = true;
                    p = e;
                    while (p != last && is_digit(*p)) ++p;
                }
            }
            if (is_float) {
                const std::string text(number, p);
                double d = std::strtod(text.c_str(), nullptr);
                if (std::isinf(d)) throw Failure{first, "floating point number too large"};
                value.value = negative ? -d : d;
                base = 0;
            } else if (*number == '0' && p - number > 1) {
                base = 8;  // openCypher 9's legacy octal: 017
                digits = number + 1;
            }
        }
        if (p != last && is_ident_char(*p)) throw Failure{first, "invalid number"};
        if (base != 0) {
            if (digits == p) throw Failure{first, "invalid number (no digits)"};
            const std::uint64_t limit =
                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) +
                (negative ? 1 : 0);
            std::uint64_t magnitude = 0;
            for (It d = digits; d != p; ++d) {
                const int v = base == 16 ? hex_value(*d) : *d - '0';
                if (v >= base) throw Failure{first, "invalid digit in octal number"};
                if (magnitude >
                    (limit - static_cast<std::uint64_t>(v)) / static_cast<std::uint64_t>(base))
                    throw Failure{first, "integer too large for 64 bits"};
                magnitude =
                    magnitude * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(v);
            }
            value.value = negative ? static_cast<std::int64_t>(0 - magnitude)
                                   : static_cast<std::int64_t>(magnitude);
        }
        first = p;
        x3::traits::move_to(std::move(value), attr);
        return true;
    }
};

// True (consuming nothing) when a parenthesis group is followed by a
// relationship arrow: then "(a)" starts a pattern, not a parenthesised
// expression. Looking ahead keeps the two from being tried one after the
// other, which would backtrack exponentially on nested parentheses.
// Succeeds, consuming nothing, when no operator follows: then an operand
// just parsed is a whole expression. Most expressions are a single operand
// (`n.name`, `$s`, `type(r)`), and the eleven precedence levels between
// `expression` and `postfix` cost more than the operand; checking for an
// operator first lets `expression` skip them. Anything that might start an
// operator answers no, and the full chain parses it as before.
struct operand_end_parser : x3::parser<operand_end_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, const It& last, const Ctx&, RCtx&, Attr&) const {
        const It p = skip_blank(first, last);
        if (p == last) return true;
        switch (*p) {
            case '=':
            case '<':
            case '>':
            case '+':
            case '-':
            case '*':
            case '/':
            case '%':
            case '^':
                return false;
            default:
                break;
        }
        constexpr std::size_t kLongest = 8;  // "contains"
        char word[kLongest];
        std::size_t n = 0;
        for (It q = p; q != last && is_ident_char(*q); ++q) {
            if (n == kLongest) return true;  // longer than any operator word
            word[n++] = lower(*q);
        }
        static constexpr std::string_view kOperatorWords[] = {"and", "contains", "ends",   "in",
                                                              "is",  "or",       "starts", "xor"};
        const std::string_view w(word, n);
        return std::find(std::begin(kOperatorWords), std::end(kOperatorWords), w) ==
               std::end(kOperatorWords);
    }
};

struct pattern_ahead_parser : x3::parser<pattern_ahead_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr&) const {
        x3::skip_over(first, last, ctx);
        if (first == last || *first != '(') return false;
        int depth = 0;
        It p = first;
        for (; p != last; ++p) {
            const char c = *p;
            if (c == '\'' || c == '"' || c == '`') {
                for (++p; p != last && *p != c; ++p)
                    if (*p == '\\' && c != '`' && p + 1 != last) ++p;
                if (p == last) return false;
            } else if (c == '(') {
                ++depth;
            } else if (c == ')' && --depth == 0) {
                ++p;
                break;
            }
        }
        if (depth != 0) return false;
        p = skip_blank(p, last);
        auto at = [&](const char* s) {
            It q = p;
            for (; *s; ++s, ++q)
                if (q == last || *q != *s) return false;
            return true;
        };
        return at("-[") || at("--") || at("->") || at("<-[") || at("<--");
    }
};

// nest[p]: counts nesting and work, so that deep nesting gives an error
// rather than a stack overflow, and pathological backtracking gives an
// error rather than a hang.
template <class Subject>
struct nest_directive : x3::unary_parser<Subject, nest_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, nest_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    static bool const handles_container = Subject::handles_container;
    constexpr nest_directive(const Subject& subject) : base_type(subject) {}

    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx& rctx, Attr& attr) const {
        ParseState& st = state(ctx);
        if (++st.steps > st.max_steps)
            throw Failure{skip_blank(first, last), "the query is too complex to parse"};
        if (st.depth >= kMaxQueryNesting)
            throw Failure{skip_blank(first, last), "the query nests too deeply (more than " +
                                                       std::to_string(kMaxQueryNesting) +
                                                       " levels)"};
        struct Level {
            int& depth;
            explicit Level(int& d) : depth(d) { ++depth; }
            ~Level() { --depth; }
            Level(const Level&) = delete;
            Level& operator=(const Level&) = delete;
        } level(st.depth);
        return this->subject.parse(first, last, ctx, rctx, attr);
    }
};

template <class Subject>
struct located_directive : x3::unary_parser<Subject, located_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, located_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    static bool const handles_container = Subject::handles_container;
    constexpr located_directive(const Subject& subject) : base_type(subject) {}

    // The start goes into ParseState rather than into a new context layer:
    // the rules are recursive, and a growing context type would make the
    // compiler instantiate them without end.
    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx& rctx, Attr& attr) const {
        ParseState& st = state(ctx);
        const Iterator outer = st.start;
        st.start = first;
        const bool ok = this->subject.parse(first, last, ctx, rctx, attr);
        st.start = outer;
        return ok;
    }
};

struct located_gen {
    template <class Subject>
    constexpr located_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
        const Subject& subject) const {
        return {x3::as_parser(subject)};
    }
};
constexpr located_gen located{};

struct nest_gen {
    template <class Subject>
    constexpr nest_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
        const Subject& subject) const {
        return {x3::as_parser(subject)};
    }
};
constexpr nest_gen nest{};

}  // namespace
}  // namespace kg::query::grammar

// What "expected ..." says for the hand-written parsers.
namespace boost::spirit::x3 {
template <>
struct get_info<kg::query::grammar::keyword> {
    using result_type = std::string;
    std::string operator()(const kg::query::grammar::keyword& k) const {
        std::string word(k.word);
        for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return word;
    }
};
// An action, or one of our directives, expects what its subject expects.
template <class Subject, class Action>
struct get_info<action<Subject, Action>> {
    using result_type = std::string;
    std::string operator()(const action<Subject, Action>& p) const { return what(p.subject); }
};
template <class Subject>
struct get_info<kg::query::grammar::nest_directive<Subject>> {
    using result_type = std::string;
    std::string operator()(const kg::query::grammar::nest_directive<Subject>& p) const {
        return what(p.subject);
    }
};
template <class Subject>
struct get_info<kg::query::grammar::located_directive<Subject>> {
    using result_type = std::string;
    std::string operator()(const kg::query::grammar::located_directive<Subject>& p) const {
        return what(p.subject);
    }
};
}  // namespace boost::spirit::x3

namespace kg::query::grammar {
namespace {

// ------------------------------------------------------------- keywords

constexpr keyword kw_all{"all"}, kw_allshortestpaths{"allshortestpaths"}, kw_and{"and"},
    kw_any{"any"}, kw_as{"as"}, kw_asc{"asc"}, kw_ascending{"ascending"}, kw_by{"by"},
    kw_case{"case"}, kw_contains{"contains"}, kw_count{"count"}, kw_create{"create"},
    kw_delete{"delete"}, kw_desc{"desc"}, kw_descending{"descending"}, kw_detach{"detach"},
    kw_distinct{"distinct"}, kw_else{"else"}, kw_end{"end"}, kw_ends{"ends"}, kw_false{"false"},
    kw_in{"in"}, kw_is{"is"}, kw_limit{"limit"}, kw_match{"match"}, kw_merge{"merge"},
    kw_none{"none"}, kw_not{"not"}, kw_null{"null"}, kw_on{"on"}, kw_optional{"optional"},
    kw_or{"or"}, kw_order{"order"}, kw_remove{"remove"}, kw_return{"return"}, kw_set{"set"},
    kw_shortestpath{"shortestpath"}, kw_single{"single"}, kw_skip{"skip"}, kw_starts{"starts"},
    kw_then{"then"}, kw_true{"true"}, kw_union{"union"}, kw_unwind{"unwind"}, kw_when{"when"},
    kw_where{"where"}, kw_with{"with"}, kw_xor{"xor"};

const name_parser any_name{{}, true, false};
const name_parser non_reserved_name{{}, false, false};
const name_parser type_name{{}, true, true};
const string_parser string_literal{};
const number_parser unsigned_number{{}, false};
const number_parser negative_number{{}, true};
const pattern_ahead_parser pattern_ahead{};
const operand_end_parser operand_end{};

// ------------------------------------------------------ action helpers

// _val.member = _attr
template <auto Member>
constexpr auto set_field = [](auto& ctx) { _val(ctx).*Member = std::move(_attr(ctx)); };
// _val.member.push_back(_attr)
template <auto Member>
constexpr auto push_field = [](auto& ctx) { (_val(ctx).*Member).push_back(std::move(_attr(ctx))); };
// _val.member = value
template <auto Member, auto Value>
constexpr auto set_flag = [](auto& ctx) { _val(ctx).*Member = Value; };
constexpr auto assign = [](auto& ctx) { _val(ctx) = std::move(_attr(ctx)); };
// The call's name, resolved once here so that evaluation dispatches on it.
constexpr auto set_function_name = [](auto& ctx) {
    _val(ctx).function = find_function(_attr(ctx));
    _val(ctx).name = std::move(_attr(ctx));
};
constexpr auto push_back = [](auto& ctx) { _val(ctx).push_back(std::move(_attr(ctx))); };

// Wraps the matched AST node into the rule's Expression.
constexpr auto as_expression = [](auto& ctx) {
    _val(ctx) = Expression{std::move(_attr(ctx)), start_of(ctx)};
};
constexpr auto as_literal = [](auto& ctx) {
    _val(ctx) = Expression{Literal{std::move(_attr(ctx))}, start_of(ctx)};
};
template <auto Value>
constexpr auto constant = [](auto& ctx) {
    _val(ctx) = Expression{Literal{Value}, start_of(ctx)};
};
constexpr auto null_constant = [](auto& ctx) {
    _val(ctx) = Expression{Literal{NullValue{}}, start_of(ctx)};
};

// _val = _val op _attr (left-associative operator chains)
// Every operator that wraps the expression before it (a + b, a.b, a[0],
// a IS NULL) makes the tree one level deeper: count them against
// kMaxQueryOperators.
template <class Context>
void count_operators(const Context& ctx, std::size_t n = 1) {
    if ((state(ctx).operators += n) > kMaxQueryOperators)
        throw Failure{
            state(ctx).begin + start_of(ctx),
            "the query has more than " + std::to_string(kMaxQueryOperators) + " operators"};
}

template <BinaryOp Op>
constexpr auto fold = [](auto& ctx) {
    count_operators(ctx);
    Expression lhs = std::move(_val(ctx));
    const std::size_t offset = lhs.offset;
    _val(ctx) = Expression{Binary{Op, std::move(lhs), std::move(_attr(ctx))}, offset};
};
template <UnaryOp Op>
constexpr auto unary_op = [](auto& ctx) {
    _val(ctx) = Expression{Unary{Op, std::move(_attr(ctx))}, start_of(ctx)};
};
template <bool Negated>
constexpr auto is_null = [](auto& ctx) {
    count_operators(ctx);
    Expression operand = std::move(_val(ctx));
    const std::size_t offset = operand.offset;
    _val(ctx) = Expression{IsNull{std::move(operand), Negated}, offset};
};
constexpr auto property_access = [](auto& ctx) {
    count_operators(ctx);
    Expression subject = std::move(_val(ctx));
    const std::size_t offset = subject.offset;
    _val(ctx) = Expression{PropertyAccess{std::move(subject), std::move(_attr(ctx))}, offset};
};
constexpr auto label_check = [](auto& ctx) {
    count_operators(ctx);
    Expression subject = std::move(_val(ctx));
    const std::size_t offset = subject.offset;
    _val(ctx) = Expression{LabelCheck{std::move(subject), std::move(_attr(ctx))}, offset};
};
constexpr auto make_name = [](auto& ctx) {
    _val(ctx) = Name{std::move(_attr(ctx)), start_of(ctx)};
};

// The inside of [...] after an expression: an index or a slice.
struct Subscript {
    Box<Expression> from;
    Box<Expression> to;
    bool slice = false;
};
constexpr auto subscript = [](auto& ctx) {
    count_operators(ctx);
    Subscript& s = _attr(ctx);  // the error below points past the (empty) match
    Expression subject = std::move(_val(ctx));
    const std::size_t offset = subject.offset;
    if (s.slice) {
        _val(ctx) =
            Expression{Slice{std::move(subject), std::move(s.from), std::move(s.to)}, offset};
    } else {
        if (!s.from)
            throw Failure{skip_blank(end_iterator(ctx), state(ctx).end),
                          "expected an index or a range (from..to) inside [ ]"};
        _val(ctx) = Expression{IndexAccess{std::move(subject), std::move(s.from)}, offset};
    }
};

// a < b < c, before it becomes (a < b) AND (b < c).
struct ComparisonChain {
    Expression first;
    std::vector<std::pair<BinaryOp, Expression>> rest;
};
constexpr auto comparison_to_expression = [](auto& ctx) {
    ComparisonChain& chain = _attr(ctx);
    count_operators(ctx, 2 * chain.rest.size());  // each comparison adds an AND too
    if (chain.rest.empty()) {
        _val(ctx) = std::move(chain.first);
        return;
    }
    const std::size_t offset = chain.first.offset;
    Expression result;
    const Expression* lhs = &chain.first;
    for (std::size_t i = 0; i < chain.rest.size(); ++i) {
        auto& [op, rhs] = chain.rest[i];
        Expression comparison{Binary{op, *lhs, rhs}, offset};
        result = i == 0
                     ? std::move(comparison)
                     : Expression{Binary{BinaryOp::And, std::move(result), std::move(comparison)},
                                  offset};
        lhs = &rhs;
    }
    _val(ctx) = std::move(result);
};

struct ComparisonOps : x3::symbols<BinaryOp> {
    ComparisonOps() {
        add("=", BinaryOp::Equal)("<>", BinaryOp::NotEqual)("<", BinaryOp::Less)(
            "<=", BinaryOp::LessEqual)(">", BinaryOp::Greater)(">=", BinaryOp::GreaterEqual)(
            "=~", BinaryOp::RegexMatch);
    }
};
const ComparisonOps comparison_op;

// Relationship direction as the arrow is read from left to right.
constexpr auto arrow_left = [](auto& ctx) { _val(ctx).direction = Direction::Left; };
constexpr auto arrow_plain = [](auto& ctx) { _val(ctx).direction = Direction::Both; };
constexpr auto arrow_right = [](auto& ctx) {
    auto& d = _val(ctx).direction;
    d = d == Direction::Left ? Direction::Both : Direction::Right;  // <--> is undirected
};

std::optional<std::int64_t> bound(std::uint64_t v) {
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return std::nullopt;
    return static_cast<std::int64_t>(v);
}
constexpr auto star = [](auto& ctx) { _val(ctx).length = VarLength{}; };
constexpr auto length_exact = [](auto& ctx) {
    _val(ctx).length->min = _val(ctx).length->max = bound(_attr(ctx));
};
constexpr auto length_open = [](auto& ctx) { _val(ctx).length->max.reset(); };
constexpr auto length_max = [](auto& ctx) { _val(ctx).length->max = bound(_attr(ctx)); };
constexpr auto quantifier_start = [](auto& ctx) {
    _val(ctx).length = VarLength{std::int64_t{0}, std::nullopt};
};
constexpr auto quantifier_min = [](auto& ctx) {
    _val(ctx).length->min = _val(ctx).length->max = bound(_attr(ctx));
};

template <PathSearch Search>
constexpr auto path_search = [](auto& ctx) {
    PatternPart& chain = _attr(ctx);
    _val(ctx).search = Search;
    _val(ctx).start = std::move(chain.start);
    _val(ctx).steps = std::move(chain.steps);
};
constexpr auto pattern_predicate = [](auto& ctx) {
    PatternPart part = std::move(_attr(ctx));
    part.offset = start_of(ctx);
    _val(ctx) = Expression{PatternPredicate{std::move(part)}, start_of(ctx)};
};
constexpr auto set_offset = [](auto& ctx) { _val(ctx).offset = start_of(ctx); };

constexpr auto projection_item = [](auto& ctx) {
    auto& item = _val(ctx);
    item.expression = std::move(_attr(ctx));
    const Iterator b = start_iterator(ctx);
    const Iterator e = end_iterator(ctx);
    item.text.assign(b, b < e ? e : b);
};
constexpr auto as_clause = [](auto& ctx) {
    _val(ctx) = Clause{std::move(_attr(ctx)), start_of(ctx)};
};
// ON MATCH SET ... / ON CREATE SET ... of a MERGE.
struct MergeAction {
    bool on_create = false;
    std::vector<SetItem> items;
};
constexpr auto append_merge_action = [](auto& ctx) {
    MergeAction& action = _attr(ctx);
    auto& target = action.on_create ? _val(ctx).on_create : _val(ctx).on_match;
    for (auto& item : action.items) target.push_back(std::move(item));
};
constexpr auto set_property_item = [](auto& ctx) {
    Expression& target = _attr(ctx);
    if (!std::holds_alternative<PropertyAccess>(target.node))
        throw Failure{state(ctx).begin + target.offset,
                      "expected a property to set, such as n.name"};
    _val(ctx).target = std::move(target);
};
constexpr auto remove_item_check = [](auto& ctx) {
    Expression& target = _attr(ctx);
    if (!std::holds_alternative<PropertyAccess>(target.node) &&
        !std::holds_alternative<LabelCheck>(target.node))
        throw Failure{state(ctx).begin + target.offset,
                      "expected a property or a label to remove, such as n.name or n:Label"};
    _val(ctx) = std::move(target);
};
constexpr auto union_part = [](auto& ctx) { _val(ctx).parts.push_back(std::move(_attr(ctx))); };
constexpr auto union_all = [](auto& ctx) { _val(ctx).union_all.push_back(true); };
constexpr auto union_distinct = [](auto& ctx) { _val(ctx).union_all.push_back(false); };

// ----------------------------------------------------------------- rules
// A rule's name is what an error message says was expected.

x3::rule<class variable_r, std::string> const variable = "a variable name";
x3::rule<class label_r, Name> const label_name = "a label name";
x3::rule<class type_r, Name> const relationship_type = "a relationship type";
x3::rule<class key_r, std::string> const property_key = "a property name";
x3::rule<class function_name_r, std::string> const function_name = "a function name";
x3::rule<class parameter_name_r, std::string> const parameter_name = "a parameter name";

x3::rule<class expression_r, Expression> const expression = "an expression";
x3::rule<class or_r, Expression> const or_expression = "an expression";
x3::rule<class xor_r, Expression> const xor_expression = "an expression";
x3::rule<class and_r, Expression> const and_expression = "an expression";
x3::rule<class not_r, Expression> const not_expression = "an expression";
x3::rule<class comparison_r, Expression> const comparison = "an expression";
x3::rule<class chain_r, ComparisonChain> const comparison_chain = "an expression";
x3::rule<class cmp_tail_r, std::pair<BinaryOp, Expression>> const comparison_tail = "an expression";
x3::rule<class predicate_r, Expression> const predicate_expression = "an expression";
x3::rule<class additive_r, Expression> const additive = "an expression";
x3::rule<class multiplicative_r, Expression> const multiplicative = "an expression";
x3::rule<class power_r, Expression> const power = "an expression";
x3::rule<class unary_r, Expression> const unary = "an expression";
x3::rule<class postfix_r, Expression> const postfix = "an expression";
x3::rule<class atom_r, Expression> const atom = "an expression";
x3::rule<class subscript_r, Subscript> const subscript_body = "an index or a range";
x3::rule<class parameter_r, Parameter> const parameter = "a parameter ($name)";
x3::rule<class list_r, ListLiteral> const list_literal = "a list";
x3::rule<class map_r, MapLiteral> const map_literal = "a map";
x3::rule<class map_entry_r, std::pair<std::string, Expression>> const map_entry =
    "a map entry (key: value)";
x3::rule<class function_r, FunctionCall> const function_call = "a function call";
x3::rule<class case_r, Case> const case_expression = "a CASE expression";
x3::rule<class case_when_r, CaseWhen> const case_when = "WHEN";
x3::rule<class comprehension_r, ListComprehension> const list_comprehension =
    "a list comprehension";
x3::rule<class quantifier_r, Quantifier> const quantifier = "a quantifier";
x3::rule<class properties_r, Expression> const properties = "properties (a map or a parameter)";

x3::rule<class node_r, NodePattern> const node_pattern = "a node pattern such as (n:Label)";
x3::rule<class relationship_r, RelationshipPattern> const relationship = "a relationship pattern";
x3::rule<class step_r, PatternStep> const pattern_step = "a relationship pattern";
x3::rule<class chain_pattern_r, PatternPart> const pattern_chain = "a pattern";
x3::rule<class part_r, PatternPart> const pattern_part = "a pattern";
x3::rule<class pattern_r, Pattern> const pattern = "a pattern";

x3::rule<class item_r, ProjectionItem> const projection_item_rule = "an expression";
x3::rule<class sort_r, SortItem> const sort_item = "an expression to sort by";
x3::rule<class projection_r, Projection> const projection = "what to return (expressions or *)";
x3::rule<class set_labels_r, SetLabels> const set_labels = "a label to set";
x3::rule<class set_properties_r, SetProperties> const set_properties = "properties to set";
x3::rule<class set_property_r, SetProperty> const set_property = "a property to set";
x3::rule<class set_item_r, SetItem> const set_item =
    "something to set (n.key = value, n = map, n += map or n:Label)";
x3::rule<class set_items_r, std::vector<SetItem>> const set_items = "something to set";
x3::rule<class remove_item_r, Expression> const remove_item = "a property or label to remove";
x3::rule<class merge_action_r, MergeAction> const merge_action = "MATCH or CREATE";

x3::rule<class match_r, Match> const match_clause = "MATCH";
x3::rule<class unwind_r, Unwind> const unwind_clause = "UNWIND";
x3::rule<class with_r, With> const with_clause = "WITH";
x3::rule<class return_r, Return> const return_clause = "RETURN";
x3::rule<class create_r, Create> const create_clause = "CREATE";
x3::rule<class merge_r, Merge> const merge_clause = "MERGE";
x3::rule<class set_r, Set> const set_clause = "SET";
x3::rule<class delete_r, Delete> const delete_clause = "DELETE";
x3::rule<class remove_r, Remove> const remove_clause = "REMOVE";
x3::rule<class clause_r, Clause> const clause = "a clause (MATCH, RETURN, ...)";
x3::rule<class single_query_r, SingleQuery> const single_query = "a query";
x3::rule<class query_r, Query> const query = "a query";

// Names.
auto const variable_def = non_reserved_name;
auto const label_name_def = located[any_name[make_name]];
auto const relationship_type_def = located[type_name[make_name]];
auto const property_key_def = any_name;
auto const function_name_def = non_reserved_name;
auto const parameter_name_def = any_name | x3::lexeme[+x3::digit];

// Expressions, loosest binding first.
auto const expression_def = nest[(postfix >> operand_end)[assign] | or_expression[assign]];
auto const or_expression_def = xor_expression[assign] >>
                               *(kw_or > xor_expression[fold<BinaryOp::Or>]);
auto const xor_expression_def = and_expression[assign] >>
                                *(kw_xor > and_expression[fold<BinaryOp::Xor>]);
auto const and_expression_def = not_expression[assign] >>
                                *(kw_and > not_expression[fold<BinaryOp::And>]);
auto const not_expression_def =
    (kw_not > nest[not_expression])[unary_op<UnaryOp::Not>] | comparison[assign];
auto const comparison_def = comparison_chain[comparison_to_expression];
auto const comparison_chain_def = predicate_expression[set_field<&ComparisonChain::first>] >>
                                  *comparison_tail[push_field<&ComparisonChain::rest>];
auto const comparison_tail_def =
    comparison_op[set_field<&std::pair<BinaryOp, Expression>::first>] >
    predicate_expression[set_field<&std::pair<BinaryOp, Expression>::second>];
auto const predicate_expression_def =
    additive[assign] >>
    *(((kw_is >> kw_not) > kw_null)[is_null<true>] | (kw_is > kw_null)[is_null<false>] |
      ((kw_starts > kw_with) > additive[fold<BinaryOp::StartsWith>]) |
      ((kw_ends > kw_with) > additive[fold<BinaryOp::EndsWith>]) |
      (kw_contains > additive[fold<BinaryOp::Contains>]) | (kw_in > additive[fold<BinaryOp::In>]));
auto const additive_def = multiplicative[assign] >>
                          *((lit('+') > multiplicative[fold<BinaryOp::Add>]) |
                            (lit('-') > multiplicative[fold<BinaryOp::Subtract>]));
auto const multiplicative_def = power[assign] >> *((lit('*') > power[fold<BinaryOp::Multiply>]) |
                                                   (lit('/') > power[fold<BinaryOp::Divide>]) |
                                                   (lit('%') > power[fold<BinaryOp::Modulo>]));
auto const power_def = unary[assign] >> *(lit('^') > unary[fold<BinaryOp::Power>]);
auto const unary_def =
    located[negative_number[as_literal] | (lit('-') > nest[unary])[unary_op<UnaryOp::Negate>] |
            (lit('+') > nest[unary])[unary_op<UnaryOp::Plus>] | postfix[assign]];
auto const postfix_def = atom[assign] >>
                         *(((lit('.') >> !lit('.')) > property_key[property_access]) |
                           (lit('[') > subscript_body[subscript] > lit(']'))) >>
                         -(+(lit(':') > label_name))[label_check];
auto const subscript_body_def = -expression[set_field<&Subscript::from>] >>
                                -(lit("..")[set_flag<&Subscript::slice, true>] >>
                                  -expression[set_field<&Subscript::to>]);
// A name not followed by '(' can only be a variable (true, false, null and
// case are reserved, so `variable` refuses them): tried first, because it is
// the most common atom and the alternatives before `variable` below would
// each be attempted and fail on it.
auto const atom_def =
    located[(variable >> !lit('('))[([](auto& ctx) {
                _val(ctx) = Expression{Variable{std::move(_attr(ctx))}, start_of(ctx)};
            })] |
            unsigned_number[as_literal] | string_literal[as_literal] | kw_true[constant<true>] |
            kw_false[constant<false>] | kw_null[null_constant] | parameter[as_expression] |
            case_expression[as_expression] |
            (kw_count >> lit('(') >> lit('*') > lit(')'))[([](auto& ctx) {
                _val(ctx) = Expression{CountStar{}, start_of(ctx)};
            })] |
            list_comprehension[as_expression] | list_literal[as_expression] |
            quantifier[as_expression] | (pattern_ahead >> pattern_chain)[pattern_predicate] |
            (lit('(') > expression[assign] > lit(')')) | map_literal[as_expression] |
            function_call[as_expression] | variable[([](auto& ctx) {
                _val(ctx) = Expression{Variable{std::move(_attr(ctx))}, start_of(ctx)};
            })]];
auto const parameter_def = x3::lexeme[lit('$') > parameter_name[set_field<&Parameter::name>]];
auto const list_literal_def = lit('[') > -(expression[push_field<&ListLiteral::items>] % ',') >
                              lit(']');
auto const map_literal_def = lit('{') > -(map_entry[push_field<&MapLiteral::entries>] % ',') >
                             lit('}');
auto const map_entry_def = property_key[set_field<&std::pair<std::string, Expression>::first>] >
                           lit(':') >
                           expression[set_field<&std::pair<std::string, Expression>::second>];
auto const function_call_def = function_name[set_function_name] >> lit('(') >
                               -kw_distinct[set_flag<&FunctionCall::distinct, true>] >
                               -(expression[push_field<&FunctionCall::args>] % ',') > lit(')');
auto const case_expression_def =
    kw_case >
    -(!kw_when >> expression[set_field<&Case::subject>]) > case_when[push_field<&Case::whens>] >
    *case_when[push_field<&Case::whens>] >
    -(kw_else > expression[set_field<&Case::otherwise>]) > kw_end;
auto const case_when_def = kw_when > expression[set_field<&CaseWhen::when>] > kw_then >
                           expression[set_field<&CaseWhen::then>];
auto const list_comprehension_def =
    lit('[') >> variable[set_field<&ListComprehension::variable>] >> kw_in >>
    expression[set_field<&ListComprehension::list>] >>
    -(kw_where >> expression[set_field<&ListComprehension::where>]) >>
    -(lit('|') >> expression[set_field<&ListComprehension::projection>]) >> lit(']');
auto const quantifier_def = (kw_all[set_flag<&Quantifier::kind, QuantifierKind::All>] |
                             kw_any[set_flag<&Quantifier::kind, QuantifierKind::Any>] |
                             kw_none[set_flag<&Quantifier::kind, QuantifierKind::None>] |
                             kw_single[set_flag<&Quantifier::kind, QuantifierKind::Single>]) >>
                            lit('(') >> variable[set_field<&Quantifier::variable>] >> kw_in
                            > expression[set_field<&Quantifier::list>] >
                            -(kw_where > expression[set_field<&Quantifier::where>]) > lit(')');
auto const properties_def = map_literal[as_expression] | parameter[as_expression];

// Patterns.
auto const node_pattern_def =
    located[lit('(')[set_offset] > -variable[set_field<&NodePattern::variable>] >
            *(lit(':') > label_name[push_field<&NodePattern::labels>]) >
            -properties[set_field<&NodePattern::properties>] > lit(')')];
// <- or -, then optionally [variable :TYPE|TYPE *min..max {properties}],
// then - or ->, then optionally a GQL quantifier {min,max}.
auto const relationship_def = located
    [((lit('<') >> lit('-'))[arrow_left] | lit('-')[arrow_plain])[set_offset] >
     -(lit('[') > -variable[set_field<&RelationshipPattern::variable>] >
       -(lit(':') > relationship_type[push_field<&RelationshipPattern::types>] >
         *((lit('|') >> -lit(':')) > relationship_type[push_field<&RelationshipPattern::types>])) >
       -(lit('*')[star] >> -x3::ulong_long[length_exact] >>
         -(lit("..")[length_open] >> -x3::ulong_long[length_max])) >
       -properties[set_field<&RelationshipPattern::properties>] > lit(']')) > lit('-') >
     -lit('>')[arrow_right] > -(lit('{')[quantifier_start] > -x3::ulong_long[quantifier_min] >
                                -(lit(',')[length_open] > -x3::ulong_long[length_max]) > lit('}'))];
auto const pattern_step_def = relationship[set_field<&PatternStep::relationship>] >
                              node_pattern[set_field<&PatternStep::node>];
auto const pattern_chain_def =
    node_pattern[set_field<&PatternPart::start>] >> *pattern_step[push_field<&PatternPart::steps>];
auto const pattern_part_def = located
    [x3::eps[set_offset] >> -((variable >> lit('='))[set_field<&PatternPart::path_variable>]) >>
     ((kw_shortestpath > lit('(') > pattern_chain[path_search<PathSearch::Shortest>] > lit(')')) |
      (kw_allshortestpaths > lit('(') > pattern_chain[path_search<PathSearch::AllShortest>] >
       lit(')')) |
      pattern_chain[path_search<PathSearch::All>])];
auto const pattern_def = pattern_part[push_back] > *(lit(',') > pattern_part[push_back]);

// RETURN and WITH.
auto const projection_item_rule_def =
    located[expression[projection_item] >> -(kw_as > variable[set_field<&ProjectionItem::alias>])];
auto const sort_item_def = expression[set_field<&SortItem::expression>] >>
                           -(kw_ascending | kw_asc |
                             (kw_descending | kw_desc)[set_flag<&SortItem::descending, true>]);
// Lists are `item > *(',' > item)` rather than `item % ','`: an error after
// a comma or ORDER BY then names what was expected there.
auto const projection_def = -kw_distinct[set_flag<&Projection::distinct, true>] >>
                            ((lit('*')[set_flag<&Projection::star, true>] >>
                              *(lit(',') > projection_item_rule[push_field<&Projection::items>])) |
                             (projection_item_rule[push_field<&Projection::items>] >>
                              *(lit(',') >
                                projection_item_rule[push_field<&Projection::items>]))) >>
                            -((kw_order > kw_by) > sort_item[push_field<&Projection::order_by>] >
                              *(lit(',') > sort_item[push_field<&Projection::order_by>])) >>
                            -(kw_skip > expression[set_field<&Projection::skip>]) >>
                            -(kw_limit > expression[set_field<&Projection::limit>]);

// SET, REMOVE, MERGE actions.
auto const set_labels_def = variable[set_field<&SetLabels::variable>] >>
                            +(lit(':') > label_name[push_field<&SetLabels::labels>]);
auto const set_properties_def = variable[set_field<&SetProperties::variable>] >>
                                (lit("+=")[set_flag<&SetProperties::merge, true>] |
                                 lit('=')) > expression[set_field<&SetProperties::value>];
auto const set_property_def = postfix[set_property_item] >
                              lit('=') > expression[set_field<&SetProperty::value>];
auto const set_item_def = set_labels[assign] | set_properties[assign] | set_property[assign];
auto const set_items_def = set_item[push_back] > *(lit(',') > set_item[push_back]);
auto const remove_item_def = postfix[remove_item_check];
auto const merge_action_def = (kw_match > kw_set > set_items[set_field<&MergeAction::items>]) |
                              (kw_create[set_flag<&MergeAction::on_create, true>] > kw_set >
                               set_items[set_field<&MergeAction::items>]);

// Clauses.
auto const match_clause_def = ((kw_optional > kw_match)[set_flag<&Match::optional, true>] |
                               kw_match) > pattern[set_field<&Match::pattern>] >
                              -(kw_where > expression[set_field<&Match::where>]);
auto const unwind_clause_def = kw_unwind > expression[set_field<&Unwind::list>] > kw_as >
                               variable[set_field<&Unwind::variable>];
auto const with_clause_def = kw_with > projection[set_field<&With::projection>] >
                             -(kw_where > expression[set_field<&With::where>]);
auto const return_clause_def = kw_return > projection[set_field<&Return::projection>];
auto const create_clause_def = kw_create > pattern[set_field<&Create::pattern>];
auto const merge_clause_def = kw_merge > pattern_part[set_field<&Merge::pattern>] >
                              *(kw_on > merge_action[append_merge_action]);
auto const set_clause_def = kw_set > set_items[set_field<&Set::items>];
auto const delete_clause_def = ((kw_detach > kw_delete)[set_flag<&Delete::detach, true>] |
                                kw_delete) > expression[push_field<&Delete::targets>] >
                               *(lit(',') > expression[push_field<&Delete::targets>]);
auto const remove_clause_def = kw_remove > remove_item[push_field<&Remove::items>] >
                               *(lit(',') > remove_item[push_field<&Remove::items>]);
auto const clause_def =
    located[match_clause[as_clause] | unwind_clause[as_clause] | with_clause[as_clause] |
            return_clause[as_clause] | create_clause[as_clause] | merge_clause[as_clause] |
            set_clause[as_clause] | delete_clause[as_clause] | remove_clause[as_clause]];
auto const single_query_def =
    clause[push_field<&SingleQuery::clauses>] >> *clause[push_field<&SingleQuery::clauses>];
auto const query_def = single_query[union_part] >>
                       *((kw_union >> (kw_all[union_all] | x3::eps[union_distinct])) >
                         single_query[union_part]) >>
                       -lit(';');

BOOST_SPIRIT_DEFINE(variable, label_name, relationship_type, property_key, function_name,
                    parameter_name, expression, or_expression, xor_expression, and_expression,
                    not_expression, comparison, comparison_chain, comparison_tail,
                    predicate_expression, additive, multiplicative, power, unary, postfix, atom,
                    subscript_body, parameter, list_literal, map_literal, map_entry, function_call,
                    case_expression, case_when, list_comprehension, quantifier, properties,
                    node_pattern, relationship, pattern_step, pattern_chain, pattern_part, pattern,
                    projection_item_rule, sort_item, projection, set_labels, set_properties,
                    set_property, set_item, set_items, remove_item, merge_action, match_clause,
                    unwind_clause, with_clause, return_clause, create_clause, merge_clause,
                    set_clause, delete_clause, remove_clause, clause, single_query, query)

// "expected ..." from what X3 names: our rule names and keywords are
// already phrased for people; literals come as '(' or "..".
std::string describe(const std::string& which) {
    if (which.size() >= 2 && which.front() == '"' && which.back() == '"')
        return "'" + which.substr(1, which.size() - 2) + "'";
    // Anything else would be a compiler-mangled parser type: never show it.
    if (which.find("boost") != std::string::npos || which.find("x3") != std::string::npos)
        return "valid syntax";
    return which;
}

// "; did you mean RETURN?" when the word at `at` looks like a misspelt
// clause keyword, else "".
std::string keyword_hint(Iterator at, Iterator end) {
    Iterator p = at;
    while (p != end && is_ident_char(*p)) ++p;
    std::string word(at, p);
    if (word.size() < 3) return {};
    for (char& c : word) c = lower(c);
    if (is_reserved(word)) return {};
    static constexpr std::string_view kClauses[] = {
        "match", "optional", "where",  "return", "with",  "unwind", "create", "merge",
        "set",   "delete",   "detach", "remove", "union", "order",  "skip",   "limit"};
    std::string_view best;
    std::size_t best_distance = 3;  // at most two edits
    for (std::string_view k : kClauses) {
        const std::size_t d = edit_distance(word, k);
        if (d < best_distance && d < k.size() / 2 + 1) best = k, best_distance = d;
    }
    if (best.empty()) return {};
    std::string upper(best);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "; did you mean " + upper + "?";
}

}  // namespace

Query parse(std::string_view text) {
    ParseState st;
    st.begin = text.data();
    st.end = text.data() + text.size();
    // Ordinary queries enter the guarded rules a few times per character;
    // far beyond that, the input is making the parser backtrack.
    st.max_steps = 64 * text.size() + 10000;

    Iterator first = st.begin;
    Query result;
    auto fail = [&](Iterator at, const std::string& problem) -> QueryError {
        return QueryError(text, static_cast<std::size_t>(at - st.begin), problem,
                          {QueryErrorType::SyntaxError, ""});
    };
    try {
        const bool ok =
            x3::phrase_parse(first, st.end, x3::with<state_tag>(&st)[query], blank, result);
        first = skip_blank(first, st.end);
        if (!ok)
            throw fail(first, "expected a clause such as MATCH, CREATE or RETURN" +
                                  keyword_hint(first, st.end));
        if (first != st.end)
            throw fail(first,
                       "expected a clause (MATCH, RETURN, WITH, ...) or the end of the query" +
                           keyword_hint(first, st.end));
    } catch (const x3::expectation_failure<Iterator>& e) {
        throw fail(skip_blank(e.where(), st.end), "expected " + describe(e.which()));
    } catch (const Failure& f) {
        throw fail(f.at, f.problem);
    }
    return result;
}

}  // namespace kg::query::grammar
