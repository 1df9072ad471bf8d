#include "kg/graph/view.hpp"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "kg/error.hpp"
#include "kg/extract/value_json.hpp"
#include "kg/graph/entity_key.hpp"
#include "kg/graph/store.hpp"

namespace kg {

namespace {

constexpr std::uint8_t kValueKindBase = 16;

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

std::uint64_t key_hash(std::string_view key) {
    return std::hash<std::string_view>{}(key);
}

template <class T>
std::size_t capacity_bytes(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}

// Entity ids are SQLite rowids: dense unless many entities were deleted, so a
// direct table is the fast path and binary search over the sorted ids the
// fallback. Lives only while the view is built.
class EntityIndex {
  public:
    explicit EntityIndex(const std::vector<EntityId>& ids) : ids_(ids) {
        if (!ids.empty() && ids.front() >= 0 &&
            static_cast<std::uint64_t>(ids.back()) < 4 * ids.size() + 1024) {
            table_.assign(static_cast<std::size_t>(ids.back()) + 1, GraphView::kNoVertex);
            for (std::size_t v = 0; v < ids.size(); ++v)
                table_[static_cast<std::size_t>(ids[v])] = static_cast<VertexId>(v);
        }
    }
    VertexId operator()(EntityId id) const {
        if (!table_.empty())
            return id >= 0 && static_cast<std::size_t>(id) < table_.size()
                       ? table_[static_cast<std::size_t>(id)]
                       : GraphView::kNoVertex;
        const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
        return it != ids_.end() && *it == id ? static_cast<VertexId>(it - ids_.begin())
                                             : GraphView::kNoVertex;
    }

  private:
    const std::vector<EntityId>& ids_;
    std::vector<VertexId> table_;
};

}  // namespace

// Fills a GraphView in three steps: entities, facts (interning relations and
// values), then the CSR edge arrays by counting sort and the name index.
struct GraphViewBuilder {
    GraphView& g;

    void entities(const Store& store) {
        store.for_each_entity([&](const Store::EntityRow& row) {
            if (!g.entity_ids_.empty() && row.id <= g.entity_ids_.back())
                throw Error("graph view: entities out of id order");
            g.entity_ids_.push_back(row.id);
            g.kinds_.push_back(static_cast<std::uint8_t>(entity_type_from_string(row.type)));
            g.name_offsets_.push_back(static_cast<std::uint32_t>(g.names_.size()));
            g.names_.append(row.name);
        });
    }

    void facts(const Store& store) {
        const EntityIndex vertex_of(g.entity_ids_);
        std::unordered_map<std::string, RelationId, StringHash, std::equal_to<>> relation_ids;
        std::unordered_map<std::string, VertexId> value_vertices;  // Value::key() -> vertex
        std::vector<std::string> value_names;
        std::vector<std::uint8_t> value_kinds;
        // Consecutive facts often share a relation: skip the hash lookup then.
        std::string last_relation;
        RelationId last_id = 0;
        const auto n_entities = static_cast<VertexId>(g.entity_ids_.size());

        store.for_each_fact([&](const Store::FactRow& row) {
            RelationId rel = last_id;
            if (g.relations_.empty() || row.relation != last_relation) {
                auto it = relation_ids.find(row.relation);
                if (it == relation_ids.end()) {
                    if (g.relations_.size() == 0xffff)
                        throw Error("graph view: too many relations");
                    it = relation_ids
                             .emplace(std::string(row.relation),
                                      static_cast<RelationId>(g.relations_.size()))
                             .first;
                    g.relations_.emplace_back(row.relation);
                }
                rel = it->second;
                last_relation.assign(row.relation);
                last_id = rel;
            }
            // The two scans are two statements, so two read snapshots: a fact
            // whose entity was added by an ingest that committed in between
            // is newer than this view and is left for the next one.
            const VertexId subject = vertex_of(row.subject);
            if (subject == GraphView::kNoVertex) return;
            VertexId object = GraphView::kNoVertex;
            if (row.object != 0) {
                object = vertex_of(row.object);
                if (object == GraphView::kNoVertex) return;
            } else {
                const Value value = nlohmann::json::parse(row.object_value).get<Value>();
                auto [it, added] = value_vertices.emplace(
                    value.key(), n_entities + static_cast<VertexId>(value_names.size()));
                if (added) {
                    value_names.push_back(value.display());
                    value_kinds.push_back(
                        static_cast<std::uint8_t>(kValueKindBase + static_cast<int>(value.kind)));
                }
                object = it->second;
            }
            g.facts_.push_back(
                ViewFact{subject, object, rel, row.negated, static_cast<float>(row.confidence)});
            g.fact_ids_.push_back(row.id);
        });

        for (std::size_t i = 0; i < value_names.size(); ++i) {
            g.name_offsets_.push_back(static_cast<std::uint32_t>(g.names_.size()));
            g.names_.append(value_names[i]);
            g.kinds_.push_back(value_kinds[i]);
        }
        g.name_offsets_.push_back(static_cast<std::uint32_t>(g.names_.size()));
    }

    // Counting sort of the facts into per-vertex edge ranges, asserted facts
    // first so traversals that ignore negated facts read one contiguous range.
    static void csr(std::size_t n, const std::vector<ViewFact>& facts, bool outgoing,
                    std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& asserted_end,
                    std::vector<ViewEdge>& edges) {
        std::vector<std::uint32_t> asserted(n, 0), negated(n, 0);
        for (const auto& f : facts)
            ++(f.negated ? negated : asserted)[outgoing ? f.subject : f.object];
        offsets.assign(n + 1, 0);
        asserted_end.assign(n, 0);
        for (std::size_t v = 0; v < n; ++v) {
            asserted_end[v] = offsets[v] + asserted[v];
            offsets[v + 1] = asserted_end[v] + negated[v];
        }
        // Reuse the counters as fill cursors.
        for (std::size_t v = 0; v < n; ++v) {
            asserted[v] = offsets[v];
            negated[v] = asserted_end[v];
        }
        edges.resize(facts.size());
        edges.shrink_to_fit();
        for (std::size_t i = 0; i < facts.size(); ++i) {
            const auto& f = facts[i];
            const VertexId self = outgoing ? f.subject : f.object;
            const VertexId other = outgoing ? f.object : f.subject;
            auto& cursor = (f.negated ? negated : asserted)[self];
            edges[cursor++] = ViewEdge{other, static_cast<FactIndex>(i), f.relation};
        }
    }

    void name_index() {
        const std::size_t n = g.entity_ids_.size();
        std::size_t slots = 16;
        while (slots < 2 * n) slots *= 2;
        g.key_index_.assign(slots, 0);
        const std::size_t mask = slots - 1;
        for (std::size_t v = 0; v < n; ++v) {
            const std::uint64_t h = key_hash(entity_key(g.name(static_cast<VertexId>(v))));
            std::size_t i = h & mask;
            while (g.key_index_[i] != 0) i = (i + 1) & mask;
            g.key_index_[i] = (h & 0xffffffff00000000ull) | (v + 1);
        }
    }
};

GraphView GraphView::build(const Store& store) {
    GraphView g;
    GraphViewBuilder b{g};
    const Store::Snapshot snapshot(store);  // entities and facts from one state
    b.entities(store);
    b.facts(store);
    g.facts_.shrink_to_fit();
    g.fact_ids_.shrink_to_fit();
    g.names_.shrink_to_fit();
    g.entity_ids_.shrink_to_fit();
    g.kinds_.shrink_to_fit();
    g.name_offsets_.shrink_to_fit();
    const std::size_t n = g.num_vertices();
    GraphViewBuilder::csr(n, g.facts_, true, g.out_offsets_, g.out_asserted_end_, g.out_);
    GraphViewBuilder::csr(n, g.facts_, false, g.in_offsets_, g.in_asserted_end_, g.in_);
    b.name_index();
    return g;
}

EntityType GraphView::entity_type(VertexId v) const {
    return is_value(v) ? EntityType::Other : static_cast<EntityType>(kinds_[v]);
}

ValueKind GraphView::value_kind(VertexId v) const {
    return is_value(v) ? static_cast<ValueKind>(kinds_[v] - kValueKindBase) : ValueKind::Text;
}

std::optional<VertexId> GraphView::vertex_of(EntityId id) const {
    const auto it = std::lower_bound(entity_ids_.begin(), entity_ids_.end(), id);
    if (it == entity_ids_.end() || *it != id) return std::nullopt;
    return static_cast<VertexId>(it - entity_ids_.begin());
}

std::vector<VertexId> GraphView::find(std::string_view name) const {
    std::vector<VertexId> out;
    if (key_index_.empty()) return out;
    const std::string key = entity_key(name);
    const std::uint64_t h = key_hash(key);
    const std::size_t mask = key_index_.size() - 1;
    for (std::size_t i = h & mask; key_index_[i] != 0; i = (i + 1) & mask) {
        const std::uint64_t slot = key_index_[i];
        if ((slot & 0xffffffff00000000ull) != (h & 0xffffffff00000000ull)) continue;
        const auto v = static_cast<VertexId>((slot & 0xffffffffu) - 1);
        if (entity_key(this->name(v)) == key) out.push_back(v);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<RelationId> GraphView::relation(std::string_view name) const {
    for (std::size_t r = 0; r < relations_.size(); ++r)
        if (relations_[r] == name) return static_cast<RelationId>(r);
    return std::nullopt;
}

std::size_t GraphView::memory_bytes() const {
    std::size_t bytes = capacity_bytes(entity_ids_) + capacity_bytes(kinds_) + names_.capacity() +
                        capacity_bytes(name_offsets_) + capacity_bytes(relations_) +
                        capacity_bytes(facts_) + capacity_bytes(fact_ids_) +
                        capacity_bytes(out_offsets_) + capacity_bytes(in_offsets_) +
                        capacity_bytes(out_asserted_end_) + capacity_bytes(in_asserted_end_) +
                        capacity_bytes(out_) + capacity_bytes(in_) + capacity_bytes(key_index_);
    for (const auto& r : relations_) bytes += r.capacity() > 15 ? r.capacity() : 0;
    return bytes;
}

}  // namespace kg
