// The Boost.Spirit X3 grammar of kg's query language (summary in
// grammar/README.md). Only query_grammar.cpp includes Spirit: every template
// instantiation of the grammar lives in that one translation unit, so the
// rest of the build never pays for it. Callers use kg::query::parse_query()
// (kg/query/parser.hpp); this header is the seam between the two.
#pragma once

#include <string_view>

#include "kg/query/ast.hpp"

namespace kg::query::grammar {

// Parses `text` into a Query; throws kg::query::QueryError.
Query parse(std::string_view text);

}  // namespace kg::query::grammar
