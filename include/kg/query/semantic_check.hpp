// Checks a parsed query before it runs, for the mistakes Cypher reports at
// compile time rather than on the first row: a variable reused as a
// different kind of element (a node variable later used as a relationship,
// a path variable rebound, a plain value matched as a node), the same
// relationship variable twice in one pattern, and variables used before any
// clause binds them. Catching these up front means an empty graph fails the
// same way as a full one.
#pragma once

#include <string_view>

#include "kg/query/ast.hpp"

namespace kg::query {

// Throws QueryError at the offending spot.
void check_query(const Query& query, std::string_view text);

}  // namespace kg::query
