// The query evaluator: runs a parsed Query (kg/query/ast.hpp) against a
// MemoryGraph and returns a table. Clauses are applied in order to a list
// of rows (variable bindings), starting from one empty row: MATCH extends
// rows with every way the pattern matches, WHERE filters, WITH/RETURN
// project (with grouping when an item aggregates), UNWIND multiplies, CREATE
// writes into the graph.
//
// Planning is rule-based: each MATCH starts from its most selective element,
// in this order: a node already bound, a node with a `name` in its property
// map (the graph's name index; the store's for a lazily filled graph), a
// node with a label (the smallest label), and only then a scan of every
// node. A pattern anchored in its middle is matched as two chains from the
// anchor; comma-separated parts are matched most-selective first.
//
// Errors (unknown variable, wrong argument type, limits exceeded) throw
// QueryError pointing into the query text.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kg/query/ast.hpp"
#include "kg/query/memory_graph.hpp"
#include "kg/query/parser.hpp"
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
    // When set and it becomes true (Ctrl-C in kg shell, from a signal
    // handler), the query stops with QueryCancelled at its next check.
    const std::atomic<bool>* cancel = nullptr;
};

// A query stopped by its limits: the message is one line for people
// ("query timed out after 30 s"), and the limit is kept for callers that
// word it their own way.
class QueryTimeout : public QueryError {
  public:
    QueryTimeout(std::string_view query, std::chrono::milliseconds limit);
    std::chrono::milliseconds limit() const { return limit_; }

  private:
    std::chrono::milliseconds limit_;
};

class QueryCancelled : public QueryError {
  public:
    explicit QueryCancelled(std::string_view query);
};

class QueryRowLimit : public QueryError {
  public:
    QueryRowLimit(std::string_view query, std::size_t limit);
    std::size_t limit() const { return limit_; }

  private:
    std::size_t limit_;
};

using Parameters = std::map<std::string, Value>;

// Runs `query` (parsed from `text`, used for error messages) on `graph`.
QueryResult execute(const Query& query, std::string_view text, MemoryGraph& graph,
                    const Parameters& parameters = {}, const QueryLimits& limits = {});

// A query parsed and checked once, to run many times with other parameters
// (what a prepared statement is to SQL): the shell and the benchmark keep
// them; a one-shot `kg query` has no use for one.
struct PreparedQuery {
    std::string text;
    Query query;
};
// Throws QueryError for a syntax or semantic error.
PreparedQuery prepare(std::string_view text);
QueryResult execute(const PreparedQuery& prepared, MemoryGraph& graph,
                    const Parameters& parameters = {}, const QueryLimits& limits = {});

// Parses, checks and runs. Throws QueryError.
QueryResult execute(std::string_view text, MemoryGraph& graph, const Parameters& parameters = {},
                    const QueryLimits& limits = {});

// A value in Cypher literal syntax, as the TCK writes expected results:
// 'text', 1, 1.5, [1, 2], {a: 1}, (:Label {k: 'v'}), [:TYPE {k: 1}],
// <(:A)-[:T]->(:B)>.
std::string format_value(const Value& value, const MemoryGraph& graph);

}  // namespace kg::query
