// kg's graph as the query engine sees it: a MemoryGraph filled lazily from
// the Store, so a query anchored on a name reads only what it walks.
//
// Nodes, relationships and their properties are kg's property graph
// (kg/graph/property_graph.hpp): entities labelled with their type, literal
// values as :Value nodes, facts as relationships typed by their relation
// (`not-R` for a denied fact) with `confidence`, `negated`, `fact_id` and
// the fact's properties. CREATE of a `not-R` relationship stores a denial
// of R. A walk that names its types reads only those facts.
#pragma once

#include <string>
#include <string_view>

#include "kg/query/memory_graph.hpp"

namespace kg {
class Store;
}

namespace kg::query {

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
