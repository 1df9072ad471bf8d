// GraphView: an immutable, compact in-memory copy of the graph's structure,
// built on demand from a Store for whole-graph work (paths, neighbourhoods,
// components, centrality) and the query engine. It promises:
//  - dense vertex ids 0..N-1: entities first (in EntityId order), then one
//    vertex per distinct literal value (is_value(v)), so `(x)-[:valued-at]->(v)`
//    is an ordinary edge;
//  - every fact once, with out-edges and in-edges in CSR arrays; per vertex,
//    edges of asserted facts come first, negated facts after them;
//  - about 50 bytes per fact (see memory_bytes()); nothing of provenance,
//    qualifiers or aliases: those stay in the store, the source of truth.
// A view is a snapshot: later ingests do not change it. Boost.Graph adaptors
// live in kg/graph/view_boost.hpp; plain algorithms in kg/graph/algorithms.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/triple.hpp"
#include "kg/extract/value.hpp"
#include "kg/graph/model.hpp"

namespace kg {

class Store;

using VertexId = std::uint32_t;
using FactIndex = std::uint32_t;  // position in GraphView's fact array
using RelationId = std::uint16_t;

// One fact as the view keeps it (16 bytes).
struct ViewFact {
    VertexId subject;
    VertexId object;
    RelationId relation;
    bool negated;
    float confidence;
};

// One end of a fact as seen from a vertex: the vertex at the other end.
struct ViewEdge {
    VertexId neighbour;
    FactIndex fact;
    RelationId relation;
};

class GraphView {
  public:
    static constexpr VertexId kNoVertex = 0xffffffffu;

    // Scans the store's entities and facts once (Store::for_each_*).
    static GraphView build(const Store& store);

    std::size_t num_vertices() const { return kinds_.size(); }
    std::size_t num_entities() const { return entity_ids_.size(); }
    std::size_t num_facts() const { return facts_.size(); }
    std::size_t num_relations() const { return relations_.size(); }

    // Vertices.
    std::string_view name(VertexId v) const {
        return std::string_view(names_).substr(name_offsets_[v],
                                               name_offsets_[v + 1] - name_offsets_[v]);
    }
    bool is_value(VertexId v) const { return v >= entity_ids_.size(); }
    EntityType entity_type(VertexId v) const;  // Other for values
    ValueKind value_kind(VertexId v) const;    // Text for entities
    EntityId entity_id(VertexId v) const { return is_value(v) ? 0 : entity_ids_[v]; }
    std::optional<VertexId> vertex_of(EntityId id) const;
    // Entities whose canonical name has the same entity_key as `name` (the
    // store also knows aliases: resolve those with Store::find_entities).
    std::vector<VertexId> find(std::string_view name) const;

    // Relations.
    std::string_view relation_name(RelationId r) const { return relations_[r]; }
    std::optional<RelationId> relation(std::string_view name) const;

    // Facts.
    const ViewFact& fact(FactIndex f) const { return facts_[f]; }
    FactId fact_id(FactIndex f) const { return fact_ids_[f]; }

    // Edges: `all` includes negated facts, otherwise only asserted ones.
    std::span<const ViewEdge> out_edges(VertexId v, bool all = false) const {
        return {out_.data() + out_offsets_[v],
                out_.data() + (all ? out_offsets_[v + 1] : out_asserted_end_[v])};
    }
    std::span<const ViewEdge> in_edges(VertexId v, bool all = false) const {
        return {in_.data() + in_offsets_[v],
                in_.data() + (all ? in_offsets_[v + 1] : in_asserted_end_[v])};
    }

    // Bytes held by the view's arrays (capacities, not sizes), and the same
    // divided by the number of facts.
    std::size_t memory_bytes() const;

  private:
    std::vector<EntityId> entity_ids_;         // vertex -> entity id (sorted; values excluded)
    std::vector<std::uint8_t> kinds_;          // EntityType, or 16 + ValueKind for values
    std::string names_;                        // all vertex names, back to back
    std::vector<std::uint32_t> name_offsets_;  // N + 1
    std::vector<std::string> relations_;
    std::vector<ViewFact> facts_;
    std::vector<FactId> fact_ids_;
    std::vector<std::uint32_t> out_offsets_, in_offsets_;            // N + 1
    std::vector<std::uint32_t> out_asserted_end_, in_asserted_end_;  // N
    std::vector<ViewEdge> out_, in_;
    // Open-addressing table of entity vertices by hash of entity_key(name):
    // each slot holds (vertex + 1) and the top 32 bits of the hash, 0 = empty.
    std::vector<std::uint64_t> key_index_;

    friend struct GraphViewBuilder;
};

}  // namespace kg
