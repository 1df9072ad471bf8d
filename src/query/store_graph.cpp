// The store-backed MemoryGraph: a GraphLoader that reads the store's
// indexes on demand, and the write-back of what CREATE added.
#include "kg/query/store_graph.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <variant>

#include "kg/error.hpp"
#include "kg/extract/extractor.hpp"
#include "kg/extract/value_json.hpp"
#include "kg/graph/property_graph.hpp"
#include "kg/graph/store.hpp"
#include "kg/source/document.hpp"
#include "kg/source/sha256.hpp"

namespace kg::query {
namespace {

constexpr std::string_view kManualSource = "manual";

// A property of kg's property graph as a query value.
Value to_query_value(const PropertyValue& p) {
    return std::visit(
        [](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>)
                return Value::of_string(x);
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return Value::of_int(x);
            else if constexpr (std::is_same_v<T, double>)
                return Value::of_float(x);
            else if constexpr (std::is_same_v<T, bool>)
                return Value::of_bool(x);
            else {
                std::vector<Value> items;
                items.reserve(x.size());
                for (const auto& s : x) items.push_back(Value::of_string(s));
                return Value::of_list(std::move(items));
            }
        },
        p);
}

void set_properties(Value& map, const Properties& props) {
    for (const auto& [name, value] : props) map.set_entry(name, to_query_value(value));
}

// How often a loader lets the query's time limit interrupt it.
constexpr std::size_t kRowsBetweenChecks = 4096;

class StoreLoader : public GraphLoader {
  public:
    explicit StoreLoader(const Store& store) : store_(store) {}

    void load_out(MemoryGraph& g, NodeRef n) override { load_facts(g, n, true, nullptr); }

    void load_in(MemoryGraph& g, NodeRef n) override {
        // Values have no index of their own facts: only the whole graph knows them.
        if (entity_of(n) == 0) return g.load_all();
        load_facts(g, n, false, nullptr);
    }

    void load_out_of_type(MemoryGraph& g, NodeRef n, const std::string& type) override {
        load_facts(g, n, true, &type);
    }

    void load_in_of_type(MemoryGraph& g, NodeRef n, const std::string& type) override {
        if (entity_of(n) == 0) return g.load_all();
        load_facts(g, n, false, &type);
    }

    void load_all(MemoryGraph& g) override {
        const Store::Snapshot snapshot(store_);
        std::size_t rows = 0;
        store_.for_each_entity([&](const Store::EntityRow& row) {
            if (++rows % kRowsBetweenChecks == 0) g.check_interrupt();
            node_for(g, row);
        });
        // Facts come in id order, so the scan need not note each one in
        // fact_refs_ (a million hash inserts): every fact up to
        // scanned_through_ is in the graph, also when the time limit
        // interrupts the scan and later walks load lazily again.
        store_.for_each_fact([&](const Store::FactRow& row) {
            if (++rows % kRowsBetweenChecks == 0) g.check_interrupt();
            if (row.id > scanned_through_ && !fact_refs_.count(row.id)) {
                const NodeRef s = node_of_entity(row.subject);
                const NodeRef o =
                    row.object ? node_of_entity(row.object) : value_node(g, row.object_value);
                add_fact(g, row, s, o, false);
            }
            scanned_through_ = std::max(scanned_through_, row.id);
        });
        for (auto& node : g.nodes) node.out_loaded = node.in_loaded = true;
    }

    std::vector<NodeRef> load_named(MemoryGraph& g, const std::string& name) override {
        std::vector<NodeRef> out;
        for (const Entity& e : store_.find_entities(name)) {
            const std::string type(to_string(e.type));
            const NodeRef n = node_for(g, Store::EntityRow{e.id, e.name, type});
            if (!g.nodes[n].hydrated) {
                set_entity_details(g, n, e);
                g.nodes[n].hydrated = true;
            }
            out.push_back(n);
        }
        return out;
    }

    std::vector<NodeRef> load_labelled(MemoryGraph& g, const std::string& label) override {
        std::vector<NodeRef> out;
        if (label == "Value") {  // values are known only from the facts
            g.load_all();
            for (NodeRef n = 0; n < g.nodes.size(); ++n)
                if (g.has_label(n, label)) out.push_back(n);
            return out;
        }
        // One scan of the entities table, no facts; kept for later rows.
        // (Kept only once complete: the time limit may interrupt the scan.)
        if (auto it = labelled_.find(label); it != labelled_.end()) return it->second;
        std::vector<NodeRef> nodes;
        std::size_t rows = 0;
        store_.for_each_entity([&](const Store::EntityRow& row) {
            if (++rows % kRowsBetweenChecks == 0) g.check_interrupt();
            if (row.type == label) nodes.push_back(node_for(g, row));
        });
        return labelled_.emplace(label, std::move(nodes)).first->second;
    }

    void hydrate_node(MemoryGraph& g, NodeRef n) override {
        const EntityId id = entity_of(n);
        if (id == 0) return;
        if (auto e = store_.entity(id)) set_entity_details(g, n, *e);
    }

    void hydrate_relationship(MemoryGraph& g, RelRef r) override {
        auto f = store_.fact(g.relationships[r].fact_id);
        if (!f) return;
        set_properties(g.relationships[r].properties, fact_properties(*f));
    }

    std::vector<std::string> labels() override {
        std::vector<std::string> out;
        for (auto t : {EntityType::Organization, EntityType::Person, EntityType::Place,
                       EntityType::Product, EntityType::Event, EntityType::Other})
            out.emplace_back(to_string(t));
        out.emplace_back("Value");
        return out;
    }

    std::vector<std::string> relationship_types() override {
        if (!relation_names_) {
            relation_names_ = store_.relation_names(false);
            for (const auto& r : store_.relation_names(true))
                relation_names_->push_back(relationship_type(r, true));
        }
        return *relation_names_;
    }

    bool has_relationship_type(const std::string& type) override {
        auto [it, fresh] = known_types_.try_emplace(type, false);
        if (fresh) {
            it->second = store_.has_relation(type, false);
            if (auto denied = denied_relation(type))
                it->second = it->second || store_.has_relation(*denied, true);
        }
        return it->second;
    }

    // The entity behind node `n`: 0 for values and for nodes CREATE made.
    EntityId entity_of(NodeRef n) const {
        return n < node_entities_.size() && node_entities_[n] > 0 ? node_entities_[n] : 0;
    }
    bool from_store(NodeRef n) const { return n < node_entities_.size() && node_entities_[n] >= 0; }

  private:
    // The node of an entity the loader has read (entity ids are dense
    // row ids, so a vector indexed by them, not a hash map).
    NodeRef node_of_entity(EntityId id) const {
        const auto i = static_cast<std::size_t>(id);
        if (i >= entity_nodes_.size() || entity_nodes_[i] == kNoNode)
            throw Error(store_.path() +
                        ": the graph changed while it was read (a fact names "
                        "entity #" +
                        std::to_string(id) + ", which it did not hold)");
        return entity_nodes_[i];
    }

    NodeRef node_for(MemoryGraph& g, const Store::EntityRow& row) {
        const auto i = static_cast<std::size_t>(row.id);
        if (i < entity_nodes_.size() && entity_nodes_[i] != kNoNode) return entity_nodes_[i];
        if (i >= entity_nodes_.size())
            entity_nodes_.resize(std::max(i + 1, entity_nodes_.size() * 2), kNoNode);
        Value props = Value::empty_map();
        props.set_entry("name", Value::of_string(std::string(row.name)));
        props.set_entry("type", Value::of_string(std::string(row.type)));
        const NodeRef n = g.add_node({std::string(row.type)}, std::move(props));
        MemoryNode& node = g.nodes[n];
        node.entity_id = row.id;
        node.out_loaded = node.in_loaded = node.hydrated = false;
        entity_nodes_[i] = n;
        remember(n, row.id);
        return n;
    }

    NodeRef value_node(MemoryGraph& g, std::string_view json) {
        const kg::Value v = nlohmann::json::parse(json).get<kg::Value>();
        auto [it, fresh] = value_nodes_.try_emplace(v.key(), 0);
        if (!fresh) return it->second;
        Value props = Value::empty_map();
        set_properties(props, value_properties(v));
        const NodeRef n = g.add_node({"Value"}, std::move(props));
        g.nodes[n].in_loaded = false;  // its facts come with the whole graph
        it->second = n;
        remember(n, 0);
        return n;
    }

    void remember(NodeRef n, EntityId id) {
        if (node_entities_.size() <= n) node_entities_.resize(n + 1, kNotFromStore);
        node_entities_[n] = id;
    }

    void set_entity_details(MemoryGraph& g, NodeRef n, const Entity& e) {
        set_properties(g.nodes[n].properties, entity_properties(e));
    }

    void add_fact(MemoryGraph& g, const Store::FactRow& row, NodeRef s, NodeRef o,
                  bool remember_fact = true) {
        const RelRef r = g.add_relationship(s, o, relationship_type(row.relation, row.negated),
                                            Value::empty_map());
        MemoryRelationship& rel = g.relationships[r];
        rel.hydrated = false;
        rel.fact_id = row.id;
        rel.confidence = static_cast<float>(row.confidence);
        rel.negated = row.negated;
        if (remember_fact) fact_refs_.emplace(row.id, r);
    }

    // All facts of `n` in one direction, or only those a relationship
    // `type` stands for: relation `type` asserted, and for "not-R" also
    // relation R denied. Each (node, direction, type) is read once.
    void load_facts(MemoryGraph& g, NodeRef n, bool outgoing, const std::string* type) {
        const EntityId id = entity_of(n);
        if (id == 0) return;
        std::size_t rows = 0;
        auto add = [&](const Store::FactRow& row, const Store::EntityRow& other) {
            if (++rows % kRowsBetweenChecks == 0) g.check_interrupt();
            if (row.id <= scanned_through_ || fact_refs_.count(row.id)) return;
            NodeRef o = other.id ? node_for(g, other) : value_node(g, row.object_value);
            if (outgoing)
                add_fact(g, row, n, o);
            else
                add_fact(g, row, o, n);
        };
        if (!type) return store_.for_each_fact_of(id, outgoing, add);
        std::tuple<NodeRef, bool, std::string> key{n, outgoing, *type};
        if (typed_loads_.count(key)) return;
        store_.for_each_fact_of(id, outgoing, *type, false, add);
        if (auto denied = denied_relation(*type))
            store_.for_each_fact_of(id, outgoing, *denied, true, add);
        typed_loads_.insert(std::move(key));  // only once read whole
    }

    const Store& store_;
    static constexpr NodeRef kNoNode = ~NodeRef{0};
    std::vector<NodeRef> entity_nodes_;  // by entity id
    std::unordered_map<std::string, NodeRef> value_nodes_;
    std::unordered_map<FactId, RelRef> fact_refs_;  // facts loaded node by node
    FactId scanned_through_ = 0;                    // and those load_all read
    // Per node: its entity, 0 for a value, kNotFromStore for CREATE's nodes.
    static constexpr EntityId kNotFromStore = -1;
    std::vector<EntityId> node_entities_;
    std::optional<std::vector<std::string>> relation_names_;
    std::unordered_map<std::string, bool> known_types_;
    std::unordered_map<std::string, std::vector<NodeRef>> labelled_;
    std::set<std::tuple<NodeRef, bool, std::string>> typed_loads_;
};

// A property written by CREATE as a kg value: dates as dates, numbers as
// quantities, anything else as text.
kg::Value to_kg_value(const std::string& key, const Value& v) {
    kg::Value out;
    if (v.kind == Value::Kind::String) {
        out.text = v.text;
        if (key == "date") {
            out.kind = ValueKind::Date;
            out.date = v.text;
        }
    } else if (v.is_number()) {
        out.kind = ValueKind::Quantity;
        out.amount = v.as_double();
        out.text = std::to_string(out.amount);
    } else if (v.kind == Value::Kind::Bool) {
        out.text = v.boolean ? "true" : "false";
    } else {
        throw Error("cannot store property " + key + " of a created relationship: not a " +
                    "string, number or boolean");
    }
    return out;
}

Argument argument_for(MemoryGraph& g, NodeRef n) {
    const MemoryNode& node = g.nodes[n];
    Argument a;
    if (std::find(node.labels.begin(), node.labels.end(), "Value") != node.labels.end()) {
        const Value v = node.properties.get("value");
        if (v.kind != Value::Kind::String)
            throw Error("a created :Value node needs a string `value` property to be stored");
        a.is_value = true;
        a.text = v.text;
        a.value.text = v.text;
        return a;
    }
    const Value name = g.node_property(n, "name");
    if (name.kind != Value::Kind::String || name.text.empty())
        throw Error("a created node needs a `name` (a string) to be stored as an entity");
    a.text = name.text;
    const Value type = g.node_property(n, "type");
    if (type.kind == Value::Kind::String)
        a.type = entity_type_from_string(type.text);
    else if (!node.labels.empty())
        a.type = entity_type_from_string(node.labels.front());
    const Value aliases = g.node_property(n, "aliases");
    for (const Value& alias : aliases.list)
        if (alias.kind == Value::Kind::String) a.aliases.push_back(alias.text);
    return a;
}

}  // namespace

MemoryGraph memory_graph_from_store(const Store& store) {
    return MemoryGraph(std::make_unique<StoreLoader>(store));
}

PersistReport persist_created(MemoryGraph& graph, Store& store, std::string_view query_text) {
    auto* loader = dynamic_cast<StoreLoader*>(graph.loader());
    if (!loader) throw Error("persist_created needs a graph made by memory_graph_from_store");
    PersistReport report;
    Document doc;
    doc.uri = std::string(kManualSource);
    doc.title = std::string(query_text.substr(0, 200));
    Extraction ex;
    std::vector<bool> stored(graph.nodes.size(), false);
    for (RelRef r = 0; r < graph.relationships.size(); ++r) {
        const MemoryRelationship& rel = graph.relationships[r];
        if (rel.deleted || rel.fact_id != 0) continue;
        Triple t;
        t.subject = argument_for(graph, rel.source);
        if (t.subject.is_value) throw Error("a value cannot be the subject of a stored fact");
        t.relation = graph.type_of(r);
        if (auto denied = denied_relation(t.relation)) {
            t.relation = std::string(*denied);
            t.negated = true;
        }
        t.object = argument_for(graph, rel.target);
        for (const auto& [key, v] : rel.properties.map) {
            if (key == "confidence" && v.is_number()) {
                t.confidence = std::clamp(v.as_double(), 0.0, 1.0);
            } else if (key == "negated" && v.kind == Value::Kind::Bool) {
                t.negated = v.boolean;
            } else if (key == "modality" && v.kind == Value::Kind::String) {
                t.modality = v.text;
            } else if (is_reserved_relationship_property(key)) {
                // Stored as a qualifier, it would be hidden behind kg's own value.
                throw Error("cannot store property " + key +
                            " of a created relationship: kg sets it (a confidence must be a "
                            "number, negated a boolean, modality a string)");
            } else {
                t.qualifiers[key] = to_kg_value(key, v);
            }
        }
        // The supporting "sentence" is the fact as a line of the document.
        t.span_begin = doc.text.size();
        doc.text += t.subject.text + " " + t.relation + " " + t.object.text;
        t.span_end = doc.text.size();
        doc.text += '\n';
        ex.triples.push_back(std::move(t));
        stored[rel.source] = stored[rel.target] = true;
    }
    for (NodeRef n = 0; n < graph.nodes.size(); ++n)
        if (!graph.nodes[n].deleted && !loader->from_store(n) && !stored[n])
            ++report.nodes_not_stored;
    if (ex.triples.empty()) return report;
    ex.sentences = ex.triples.size();
    // Same facts, same content: storing them twice by hand adds nothing.
    doc.content_hash = sha256_hex("manual\n" + doc.text);
    const IngestReport r = store.ingest(doc, ex, kManualSource);
    report.duplicate = r.duplicate;
    report.facts_added = r.facts_added;
    report.facts_merged = r.facts_merged;
    report.entities_added = r.entities_added;
    return report;
}

}  // namespace kg::query
