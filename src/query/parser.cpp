// parse_query() and the formatting of QueryError. The grammar itself, and
// all of Spirit, is in grammar/query_grammar.cpp.
#include "kg/query/parser.hpp"

#include <algorithm>
#include <string>

#include "../../grammar/query_grammar.hpp"

namespace kg::query {
namespace {

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

struct Location {
    std::size_t line = 1;
    std::size_t column = 1;
    std::string_view line_text;
    std::string caret_indent;  // keeps tabs so the caret lines up
};

Location locate(std::string_view query, std::size_t offset) {
    offset = std::min(offset, query.size());
    Location loc;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (query[i] == '\n') {
            ++loc.line;
            line_start = i + 1;
        }
    }
    std::size_t line_end = query.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = query.size();
    loc.line_text = query.substr(line_start, line_end - line_start);
    if (!loc.line_text.empty() && loc.line_text.back() == '\r') loc.line_text.remove_suffix(1);
    for (std::size_t i = line_start; i < offset; ++i) {
        if (is_continuation_byte(query[i])) continue;
        ++loc.column;
        loc.caret_indent.push_back(query[i] == '\t' ? '\t' : ' ');
    }
    return loc;
}

std::string format(std::string_view query, std::size_t offset, const std::string& problem) {
    const Location loc = locate(query, offset);
    std::string message = "kg: query error at line " + std::to_string(loc.line) + ", column " +
                          std::to_string(loc.column) + ": " + problem + "\n  ";
    // A long line (a generated query) is shown around the caret only, and
    // control characters as '?', so the caret line stays readable.
    constexpr std::size_t kBefore = 60, kAfter = 40;
    const std::size_t at = loc.caret_indent.size();  // characters before the caret
    std::size_t chars = 0, from_char = at > kBefore ? at - kBefore : 0;
    std::string shown, indent = from_char > 0 ? " " : "";
    if (from_char > 0) shown = "…";
    bool cut_after = false;
    for (std::size_t i = 0; i < loc.line_text.size(); ++i) {
        const char c = loc.line_text[i];
        if (!is_continuation_byte(c)) ++chars;
        if (chars <= from_char) continue;
        if (chars > at + kAfter) {
            cut_after = true;
            break;
        }
        const bool control = static_cast<unsigned char>(c) < 0x20 && c != '\t';
        shown += control ? '?' : c;
        if (chars <= at && !is_continuation_byte(c)) indent += loc.caret_indent[chars - 1];
    }
    message += shown + (cut_after ? "…" : "");
    message += "\n  " + indent + "^";
    return message;
}

}  // namespace

std::string_view to_string(QueryErrorType type) {
    switch (type) {
        case QueryErrorType::Unclassified:
            return "";
        case QueryErrorType::SyntaxError:
            return "SyntaxError";
        case QueryErrorType::SemanticError:
            return "SemanticError";
        case QueryErrorType::ParameterMissing:
            return "ParameterMissing";
        case QueryErrorType::EntityNotFound:
            return "EntityNotFound";
        case QueryErrorType::TypeError:
            return "TypeError";
        case QueryErrorType::ArgumentError:
            return "ArgumentError";
        case QueryErrorType::ArithmeticError:
            return "ArithmeticError";
    }
    return "";
}

QueryError::QueryError(std::string_view query, std::size_t offset, std::string problem,
                       QueryErrorClass error_class)
    : Error(format(query, offset, problem)),
      offset_(std::min(offset, query.size())),
      problem_(std::move(problem)),
      class_(std::move(error_class)) {
    const Location loc = locate(query, offset_);
    line_ = loc.line;
    column_ = loc.column;
}

Query parse_query(std::string_view text) {
    return grammar::parse(text);
}

}  // namespace kg::query
