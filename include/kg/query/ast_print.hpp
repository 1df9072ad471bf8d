// The syntax tree written back as query text, with every operator
// parenthesised so its shape is visible: `a + b * c` prints as
// "(a + (b * c))". For tests, debugging (tools/parse_query) and messages;
// the output parses back to the same tree.
#pragma once

#include <string>

#include "kg/query/ast.hpp"

namespace kg::query {

std::string to_string(const Expression& expression);
std::string to_string(const PatternPart& pattern);
std::string to_string(const Clause& clause);
std::string to_string(const Query& query);  // one clause per line

}  // namespace kg::query
