// Query-time values: what an expression evaluates to and what a result cell
// holds. Null, bool, int64, double, string, list, map, a reference to a node
// or relationship of the graph being queried, or a path (alternating node and
// relationship ids). Plain data, cheap enough to copy for the sizes queries
// return; references are ids, so a value never dangles when the graph grows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/query/compact_vector.hpp"

namespace kg::query {

using NodeRef = std::uint64_t;
using RelRef = std::uint64_t;

struct Value {
    enum class Kind { Null, Bool, Int, Float, String, List, Map, Node, Relationship, Path };

    // `text` first: a string property read from a map entry then shares the
    // entry's first cache line with its key.
    std::string text;
    Kind kind = Kind::Null;
    bool boolean = false;
    std::int64_t integer = 0;
    double number = 0;
    std::uint64_t id = 0;  // Node, Relationship
    // The lists cost a pointer each while empty (most values are scalars,
    // strings or ids): copying and moving a Value is most of a query's work.
    CompactVector<Value> list;
    // Maps keep keys sorted and unique (set_entry keeps them so), which makes
    // equality and printing independent of the order entries were written.
    CompactVector<std::pair<std::string, Value>> map;
    CompactVector<NodeRef> path_nodes;  // Path: n0, n1, ... nk
    CompactVector<RelRef> path_rels;    // Path: r1 ... rk

    static Value null() { return {}; }
    static Value of_bool(bool b) {
        Value v;
        v.kind = Kind::Bool;
        v.boolean = b;
        return v;
    }
    static Value of_int(std::int64_t i) {
        Value v;
        v.kind = Kind::Int;
        v.integer = i;
        return v;
    }
    static Value of_float(double d) {
        Value v;
        v.kind = Kind::Float;
        v.number = d;
        return v;
    }
    static Value of_string(std::string s) {
        Value v;
        v.kind = Kind::String;
        v.text = std::move(s);
        return v;
    }
    static Value of_list(std::vector<Value> items) {
        Value v;
        v.kind = Kind::List;
        v.list = std::move(items);
        return v;
    }
    static Value empty_map() {
        Value v;
        v.kind = Kind::Map;
        return v;
    }
    static Value of_node(NodeRef n) {
        Value v;
        v.kind = Kind::Node;
        v.id = n;
        return v;
    }
    static Value of_relationship(RelRef r) {
        Value v;
        v.kind = Kind::Relationship;
        v.id = r;
        return v;
    }

    bool is_null() const { return kind == Kind::Null; }
    bool is_number() const { return kind == Kind::Int || kind == Kind::Float; }
    double as_double() const { return kind == Kind::Int ? static_cast<double>(integer) : number; }

    // Map access; `get` returns null for a missing key, `find` nullptr.
    void set_entry(const std::string& key, Value value);
    Value get(const std::string& key) const;
    const Value* find(std::string_view key) const;
};

// Cypher equality: null when either side is (or contains, in a list/map
// compared element-wise) null and the rest does not already decide it.
// Returns Bool or Null.
Value cypher_equals(const Value& a, const Value& b);

// The total order ORDER BY and DISTINCT use (Cypher "orderability"): maps <
// nodes < relationships < lists < paths < strings < booleans < numbers <
// null. Returns <0, 0, >0.
int order_compare(const Value& a, const Value& b);

// Same value for DISTINCT / grouping (null equals null here).
inline bool equivalent(const Value& a, const Value& b) {
    return order_compare(a, b) == 0;
}

}  // namespace kg::query
