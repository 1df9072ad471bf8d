// MemoryGraph: the in-memory property graph the query evaluator walks and
// CREATE writes into. Nodes carry labels and properties, relationships a type
// and properties, and each node its out/in relationship lists. Deleted
// elements keep their slot (ids stay stable) and are skipped by every scan.
//
// A graph is either complete (built by CREATE, as the openCypher TCK does)
// or filled on demand by a GraphLoader (kg's
// store, see kg/query/store_graph.hpp): then a node's relationships are
// read the first time a walk leaves it, nodes are found by name through the
// store's name index, and a scan of every node loads the whole graph first.
// Properties that cost a lookup (aliases, provenance, qualifiers) are
// filled in ("hydrated") the first time they are read. A loader may add
// elements while the evaluator walks: hold indexes, not references, across
// calls that can load (out(), in(), nodes_named(), load_all()).
//
// Walks read only the edge lists: each edge carries its relationship, the
// node at the other end and the interned relationship type, so following
// one touches a single contiguous array.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kg/query/value.hpp"

namespace kg::query {

// One end of a relationship as a node sees it.
struct Edge {
    RelRef rel;
    NodeRef other;       // the target for out-edges, the source for in-edges
    std::uint32_t type;  // MemoryGraph::type_name()
};

struct MemoryNode {
    // Walks read `properties` and `out` of the nodes they reach: first, so
    // they share the record's first cache lines.
    Value properties = Value::empty_map();
    std::vector<Edge> out, in;
    std::vector<std::string> labels;
    bool deleted = false;
    // False while the loader has not yet read this node's relationships in
    // that direction, or its costly properties.
    bool out_loaded = true, in_loaded = true, hydrated = true;
    // The store's entity id, for a node a loader read from it; -1 otherwise.
    std::int64_t entity_id = -1;
};

// Its type is MemoryGraph::type_id_of(r), kept in a column of its own.
struct MemoryRelationship {
    NodeRef source = 0;
    NodeRef target = 0;
    Value properties = Value::empty_map();
    bool deleted = false;
    bool hydrated = true;
    // For relationships a loader read from the store: the fact behind it,
    // and the properties every query may filter on, kept outside the
    // property map until it is hydrated so a million of them stay small.
    std::int64_t fact_id = 0;
    float confidence = 1;
    bool negated = false;
};

class MemoryGraph;

// Fills a MemoryGraph from somewhere else on demand. Every method adds
// elements through MemoryGraph::add_node/add_relationship and marks what it
// completed.
class GraphLoader {
  public:
    virtual ~GraphLoader() = default;
    virtual void load_out(MemoryGraph& graph, NodeRef n) = 0;
    virtual void load_in(MemoryGraph& graph, NodeRef n) = 0;
    // Only the relationships of one type (at least those; a loader may
    // read more). Loading a type twice, or after load_out/load_in, adds
    // nothing.
    virtual void load_out_of_type(MemoryGraph& graph, NodeRef n, const std::string& type) = 0;
    virtual void load_in_of_type(MemoryGraph& graph, NodeRef n, const std::string& type) = 0;
    // Everything: afterwards every node and relationship is in the graph.
    virtual void load_all(MemoryGraph& graph) = 0;
    // Nodes that may have `name` as their name property (a superset: the
    // caller compares); loads them.
    virtual std::vector<NodeRef> load_named(MemoryGraph& graph, const std::string& name) = 0;
    // Every node carrying `label` (loading them, not their relationships).
    virtual std::vector<NodeRef> load_labelled(MemoryGraph& graph, const std::string& label) = 0;
    virtual void hydrate_node(MemoryGraph& graph, NodeRef n) = 0;
    virtual void hydrate_relationship(MemoryGraph& graph, RelRef r) = 0;
    // The schema, for "did you mean" hints: every label and relationship
    // type the source has, and a cheap membership test for one type.
    virtual std::vector<std::string> labels() = 0;
    virtual std::vector<std::string> relationship_types() = 0;
    virtual bool has_relationship_type(const std::string& type) = 0;
};

class MemoryGraph {
  public:
    std::vector<MemoryNode> nodes;
    std::vector<MemoryRelationship> relationships;

    MemoryGraph() = default;
    explicit MemoryGraph(std::unique_ptr<GraphLoader> loader);
    MemoryGraph(MemoryGraph&&) noexcept = default;
    MemoryGraph& operator=(MemoryGraph&&) noexcept = default;

    NodeRef add_node(std::vector<std::string> labels, Value properties);
    // A node made by the query (CREATE) rather than read by the loader:
    // found by name and label lookups even while the graph is filled lazily.
    NodeRef create_node(std::vector<std::string> labels, Value properties);
    RelRef add_relationship(NodeRef source, NodeRef target, std::string type, Value properties);
    bool has_label(NodeRef n, const std::string& label) const;

    // --- What the evaluator uses, so a lazily filled graph loads what it needs.
    // Whether every element is present (no loader, or it loaded everything).
    bool complete() const { return !loader_ || all_loaded_; }
    void load_all();
    const std::vector<Edge>& out(NodeRef n);
    const std::vector<Edge>& in(NodeRef n);
    // Makes sure the edges of `n` of one relationship type are present (a
    // walk that names its types reads only those of a hub with 50,000
    // facts); afterwards nodes[n].out / .in hold them, perhaps among others.
    void load_out_of_type(NodeRef n, const std::string& type);
    void load_in_of_type(NodeRef n, const std::string& type);
    // Relationship types interned to small ids; nullopt for a type no
    // relationship has.
    std::optional<std::uint32_t> find_type(const std::string& type) const;
    const std::string& type_name(std::uint32_t id) const { return type_names_[id]; }
    std::uint32_t type_id_of(RelRef r) const { return type_ids_of_[r]; }
    const std::string& type_of(RelRef r) const { return type_names_[type_ids_of_[r]]; }
    // What id(n) and id(r) return, stable across queries: the store's entity
    // and fact ids for what a loader read; for nodes and relationships that
    // are not stored (literal values, CREATE on a graph without a store
    // behind it ...) their position, offset by kUnstoredIds in a store-backed
    // graph so that they never equal a stored one.
    static constexpr std::int64_t kUnstoredIds = std::int64_t{1} << 40;
    std::int64_t node_id(NodeRef n) const;
    std::int64_t relationship_id(RelRef r) const;
    // Whether anything was ever deleted: until then walks skip the checks.
    bool has_deletions() const { return has_deletions_; }
    void note_deletion() { has_deletions_ = true; }
    // One property (null when absent), hydrating only when it must.
    Value node_property(NodeRef n, const std::string& key);
    Value relationship_property(RelRef r, const std::string& key);
    // All properties (hydrated), for keys(), properties(), SET and printing.
    const Value& node_properties(NodeRef n);
    const Value& relationship_properties(RelRef r);
    // Hydrates every node and relationship `v` refers to (lists, maps and
    // paths included), so format_value() on a const graph shows them whole.
    void hydrate(const Value& v);

    // Candidates for a node whose `name` property equals `name` (the caller
    // still compares), from the store's name index or a hash index here.
    std::vector<NodeRef> nodes_named(const std::string& name);
    // Nodes carrying `label`.
    std::vector<NodeRef> nodes_labelled(const std::string& label);
    // Call after changing names or labels in place, so the indexes rebuild.
    void changed() { ++version_; }

    // Labels and relationship types of the graph (or of its source when it
    // is filled lazily), and whether one type exists.
    std::vector<std::string> schema_labels();
    std::vector<std::string> schema_relationship_types();
    bool has_relationship_type(const std::string& type);
    GraphLoader* loader() const { return loader_.get(); }

    // Loaders call check_interrupt() every few thousand rows they read, so
    // that a query's time limit also bounds loading (the evaluator installs
    // a check that throws when the query is out of time).
    void set_interrupt(std::function<void()> check) { interrupt_ = std::move(check); }
    void check_interrupt() const {
        if (interrupt_) interrupt_();
    }

  private:
    void hydrate_node(NodeRef n);
    void hydrate_relationship(RelRef r);
    void build_indexes();

    std::unique_ptr<GraphLoader> loader_;
    std::function<void()> interrupt_;
    bool all_loaded_ = false;
    bool has_deletions_ = false;
    std::vector<std::string> type_names_;
    std::unordered_map<std::string, std::uint32_t> type_ids_;
    // Each relationship's type id, beside the records rather than in them:
    // `type(r)` over a walk's rows reads this small array (4 bytes per
    // relationship, mostly cache-resident) instead of one far-apart record
    // per row.
    std::vector<std::uint32_t> type_ids_of_;
    // Name and label indexes, built on first use and rebuilt when
    // `version_` moved on (a node added, a name or label changed).
    std::uint64_t version_ = 0, indexed_version_ = ~std::uint64_t{0};
    std::unordered_map<std::string, std::vector<NodeRef>> by_name_, by_label_;
    // Nodes create_node() added to a lazily filled graph; the loader's name
    // and label lookups cannot know them.
    std::vector<NodeRef> created_;
};

}  // namespace kg::query
