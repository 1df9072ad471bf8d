// kg's graph as the query engine sees it: a MemoryGraph filled lazily from
// the Store, so a query anchored on a name reads only what it walks.
//
// Nodes are entities, labelled with their type and carrying `name`, `type`,
// `aliases` (every other spelling seen) and `mentions`; literal values are
// :Value nodes with `value` (as displayed, "$1B"), `kind` (Money, Date, ...)
// and, when they apply, `amount`, `currency`, `unit` and `date`.
// Relationships are facts, typed by the relation name, carrying
// `confidence`, `negated`, `fact_id`, `modality` (when not asserted),
// `sources` (the source URIs), `sentences` (the supporting sentences) and
// each qualifier under its own name (`amount`, `date`, `place`, ...) as
// displayed. A denied fact ("X did not acquire Y") is a relationship of
// its own type, `not-acquired` (with `negated: true`), so `[:acquired]`
// finds only what sources assert; CREATE of a `not-R` relationship stores a
// denial of R. A walk that names its types reads only those facts.
#pragma once

#include <string>
#include <string_view>

#include "kg/query/memory_graph.hpp"

namespace kg {
class Store;
}

namespace kg::query {

// The relationship type a fact of `relation` has in queries: the relation,
// or "not-" + relation for a denied fact.
std::string relationship_type(std::string_view relation, bool negated);

// A graph over `store`, which must outlive it. Nothing is read until the
// evaluator asks.
MemoryGraph memory_graph_from_store(const Store& store);

// What CREATE added to a store-backed graph, written to the store as one
// source named "manual" (kg's facts from people rather than text): each new
// relationship is a fact between entities named by its end nodes' `name`
// (type from their `type` property or first label). Nodes created without
// any relationship cannot be stored as facts and are only counted.
struct PersistReport {
    bool duplicate = false;  // the same facts were stored by hand before
    std::size_t facts_added = 0, facts_merged = 0, entities_added = 0;
    std::size_t nodes_not_stored = 0;
};
// Throws kg::Error when a created element cannot be stored (a node without
// a name, a relationship to a node that is not an entity or a value).
PersistReport persist_created(MemoryGraph& graph, Store& store, std::string_view query_text);

}  // namespace kg::query
