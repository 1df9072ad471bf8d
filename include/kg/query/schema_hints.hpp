// "Did you mean": labels and relationship types a query matches on that the
// graph does not have, each with the closest name the graph does have (by
// edit distance, ignoring case). A warning, not an error: the query still
// runs and simply matches nothing there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/query/ast.hpp"
#include "kg/query/memory_graph.hpp"

namespace kg::query {

// One line per unknown name, e.g.
//   unknown relationship type `acquird` (line 1, column 22); did you mean `acquired`?
// Only MATCH, OPTIONAL MATCH and pattern predicates count: CREATE and MERGE
// may introduce new names.
std::vector<std::string> schema_hints(const Query& query, std::string_view text,
                                      MemoryGraph& graph);

// Levenshtein distance between the ASCII-lowercased strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace kg::query
