// Parsing a kg query (the openCypher subset in grammar/README.md) into the
// syntax tree of kg/query/ast.hpp. parse_query() either returns the whole
// tree or throws QueryError naming the line, the column and what was
// expected, with the offending line and a caret under the spot. It never
// crashes or hangs on malformed input: nesting deeper than
// kMaxQueryNesting, more than kMaxQueryOperators operators and pathological
// backtracking are reported as errors.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kg/error.hpp"
#include "kg/query/ast.hpp"

namespace kg::query {

// Brackets, CASEs and unary operators nested deeper than this are refused
// (the parser recurses on them; this keeps the stack bounded). 100 levels
// take about 250 KB of stack in a release build and 5 MB under
// AddressSanitizer.
inline constexpr int kMaxQueryNesting = 100;

// Binary operators a query may hold in all (`1 + 1 + ...`): a chain of them
// is a tree as deep as it is long, which the checker, the evaluator and the
// tree's destructor all walk recursively.
inline constexpr std::size_t kMaxQueryOperators = 2000;

// Expressions nested deeper than this (operator chains count their length)
// are refused by the checker before anything evaluates them.
inline constexpr std::size_t kMaxExpressionDepth = 500;

// What kind of mistake a QueryError reports, in openCypher's terms (the
// TCK's "a SyntaxError should be raised at compile time: UndefinedVariable"),
// so a conformance runner can compare it and tools can tell a typo from a
// runtime failure. `detail` is empty where kg cannot tell the fine-grained
// cause (most parse errors); `type` is Unclassified for kg's own limits
// (timeout, row cap) and errors not yet sorted.
enum class QueryErrorType {
    Unclassified,
    SyntaxError,
    SemanticError,
    ParameterMissing,
    EntityNotFound,
    TypeError,
    ArgumentError,
    ArithmeticError,
};

struct QueryErrorClass {
    QueryErrorType type = QueryErrorType::Unclassified;
    std::string detail;  // "UndefinedVariable", "VariableAlreadyBound", ...
};

// "SyntaxError", ...; "" for Unclassified.
std::string_view to_string(QueryErrorType type);

// A query the parser, the checker or the evaluator refuses. what() is the
// whole message, several lines:
//
//   kg: query error at line 1, column 17: expected ')'
//     MATCH (n:Person RETURN n
//                     ^
class QueryError : public Error {
  public:
    // `offset` is a byte offset into `query`; `problem` is the short text
    // ("expected ')'").
    QueryError(std::string_view query, std::size_t offset, std::string problem,
               QueryErrorClass error_class = {});

    std::size_t line() const { return line_; }      // 1-based
    std::size_t column() const { return column_; }  // 1-based, in characters
    std::size_t offset() const { return offset_; }  // bytes into the query
    const std::string& problem() const { return problem_; }
    const QueryErrorClass& error_class() const { return class_; }

  private:
    std::size_t line_ = 1;
    std::size_t column_ = 1;
    std::size_t offset_ = 0;
    std::string problem_;
    QueryErrorClass class_;
};

// Parses one query (optionally ending in ';'). Throws QueryError.
Query parse_query(std::string_view text);

}  // namespace kg::query
