// The query evaluator: runs a parsed Query (kg/query/ast.hpp) against a
// MemoryGraph and returns a table. Clauses are applied in order to a list
// of rows (variable bindings), starting from one empty row: MATCH extends
// rows with every way the pattern matches, WHERE filters, WITH/RETURN
// project (with grouping when an item aggregates), UNWIND multiplies, CREATE
// writes into the graph. There is no cost-based planning yet: patterns are
// matched left to right from their first node.
//
// Errors (unknown variable, wrong argument type, limits exceeded) throw
// QueryError pointing into the query text.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kg/query/ast.hpp"
#include "kg/query/memory_graph.hpp"
#include "kg/query/value.hpp"

namespace kg::query {

struct QueryResult {
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
};

struct QueryLimits {
    // Intermediate rows any clause may produce; beyond it the query fails
    // rather than exhaust memory.
    std::size_t max_rows = 1'000'000;
    // Wall-clock budget for one query; checked while matching and projecting.
    std::chrono::milliseconds timeout{10'000};
};

using Parameters = std::map<std::string, Value>;

// Runs `query` (parsed from `text`, used for error messages) on `graph`.
QueryResult execute(const Query& query, std::string_view text, MemoryGraph& graph,
                    const Parameters& parameters = {}, const QueryLimits& limits = {});

// Parses and runs. Throws QueryError.
QueryResult execute(std::string_view text, MemoryGraph& graph, const Parameters& parameters = {},
                    const QueryLimits& limits = {});

// A value in Cypher literal syntax, as the TCK writes expected results:
// 'text', 1, 1.5, [1, 2], {a: 1}, (:Label {k: 'v'}), [:TYPE {k: 1}],
// <(:A)-[:T]->(:B)>.
std::string format_value(const Value& value, const MemoryGraph& graph);

}  // namespace kg::query
