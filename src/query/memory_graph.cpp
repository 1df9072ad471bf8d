#include "kg/query/memory_graph.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>

namespace kg::query {

namespace {

// The float a relationship keeps, as the double it stood for: 0.9f widened
// is 0.8999999761581421, so go through its shortest decimal form (0.9).
Value confidence_value(float c) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, c).ptr;
    double d = c;
    std::from_chars(text, end, d);
    return Value::of_float(d);
}

}  // namespace

MemoryGraph::MemoryGraph(std::unique_ptr<GraphLoader> loader) : loader_(std::move(loader)) {}

NodeRef MemoryGraph::add_node(std::vector<std::string> labels, Value properties) {
    MemoryNode& node = nodes.emplace_back();
    node.labels = std::move(labels);
    if (properties.kind == Value::Kind::Map) node.properties = std::move(properties);
    ++version_;
    return nodes.size() - 1;
}

NodeRef MemoryGraph::create_node(std::vector<std::string> labels, Value properties) {
    const NodeRef n = add_node(std::move(labels), std::move(properties));
    if (loader_) created_.push_back(n);
    return n;
}

RelRef MemoryGraph::add_relationship(NodeRef source, NodeRef target, std::string type,
                                     Value properties) {
    auto [it, fresh] = type_ids_.try_emplace(type, static_cast<std::uint32_t>(type_names_.size()));
    if (fresh) type_names_.push_back(std::move(type));
    const std::uint32_t type_id = it->second;
    MemoryRelationship& rel = relationships.emplace_back();
    type_ids_of_.push_back(type_id);
    rel.source = source;
    rel.target = target;
    if (properties.kind == Value::Kind::Map) rel.properties = std::move(properties);
    RelRef id = relationships.size() - 1;
    nodes[source].out.push_back(Edge{id, target, type_id});
    nodes[target].in.push_back(Edge{id, source, type_id});
    return id;
}

std::int64_t MemoryGraph::node_id(NodeRef n) const {
    if (nodes[n].entity_id >= 0) return nodes[n].entity_id;
    return static_cast<std::int64_t>(n) + (loader_ ? kUnstoredIds : 0);
}

std::int64_t MemoryGraph::relationship_id(RelRef r) const {
    if (relationships[r].fact_id > 0) return relationships[r].fact_id;
    return static_cast<std::int64_t>(r) + (loader_ ? kUnstoredIds : 0);
}

bool MemoryGraph::has_label(NodeRef n, const std::string& label) const {
    const auto& labels = nodes[n].labels;
    return std::find(labels.begin(), labels.end(), label) != labels.end();
}

void MemoryGraph::load_all() {
    if (complete()) return;
    loader_->load_all(*this);
    all_loaded_ = true;
    ++version_;
}

std::optional<std::uint32_t> MemoryGraph::find_type(const std::string& type) const {
    auto it = type_ids_.find(type);
    if (it == type_ids_.end()) return std::nullopt;
    return it->second;
}

const std::vector<Edge>& MemoryGraph::out(NodeRef n) {
    if (!nodes[n].out_loaded) {
        loader_->load_out(*this, n);
        nodes[n].out_loaded = true;
    }
    return nodes[n].out;
}

const std::vector<Edge>& MemoryGraph::in(NodeRef n) {
    if (!nodes[n].in_loaded) {
        loader_->load_in(*this, n);
        nodes[n].in_loaded = true;
    }
    return nodes[n].in;
}

void MemoryGraph::load_out_of_type(NodeRef n, const std::string& type) {
    if (!nodes[n].out_loaded) loader_->load_out_of_type(*this, n, type);
}

void MemoryGraph::load_in_of_type(NodeRef n, const std::string& type) {
    if (!nodes[n].in_loaded) loader_->load_in_of_type(*this, n, type);
}

void MemoryGraph::hydrate_node(NodeRef n) {
    if (nodes[n].hydrated) return;
    loader_->hydrate_node(*this, n);
    nodes[n].hydrated = true;
}

void MemoryGraph::hydrate_relationship(RelRef r) {
    if (relationships[r].hydrated) return;
    Value& props = relationships[r].properties;
    props.set_entry("confidence", confidence_value(relationships[r].confidence));
    props.set_entry("negated", Value::of_bool(relationships[r].negated));
    props.set_entry("fact_id", Value::of_int(relationships[r].fact_id));
    loader_->hydrate_relationship(*this, r);
    relationships[r].hydrated = true;
}

Value MemoryGraph::node_property(NodeRef n, const std::string& key) {
    if (const Value* v = nodes[n].properties.find(key)) return *v;
    if (nodes[n].hydrated) return {};
    hydrate_node(n);
    return nodes[n].properties.get(key);
}

Value MemoryGraph::relationship_property(RelRef r, const std::string& key) {
    const MemoryRelationship& rel = relationships[r];
    if (rel.hydrated) return rel.properties.get(key);
    // The cheap ones need no lookup.
    if (key == "confidence") return confidence_value(rel.confidence);
    if (key == "negated") return Value::of_bool(rel.negated);
    if (key == "fact_id") return Value::of_int(rel.fact_id);
    hydrate_relationship(r);
    return relationships[r].properties.get(key);
}

const Value& MemoryGraph::node_properties(NodeRef n) {
    hydrate_node(n);
    return nodes[n].properties;
}

const Value& MemoryGraph::relationship_properties(RelRef r) {
    hydrate_relationship(r);
    return relationships[r].properties;
}

void MemoryGraph::hydrate(const Value& v) {
    switch (v.kind) {
        case Value::Kind::Node:
            if (v.id < nodes.size()) hydrate_node(v.id);
            break;
        case Value::Kind::Relationship:
            if (v.id < relationships.size()) hydrate_relationship(v.id);
            break;
        case Value::Kind::Path:
            for (NodeRef n : v.path_nodes) hydrate_node(n);
            for (RelRef r : v.path_rels) hydrate_relationship(r);
            break;
        case Value::Kind::List:
            for (const Value& item : v.list) hydrate(item);
            break;
        case Value::Kind::Map:
            for (const auto& [k, item] : v.map) hydrate(item);
            break;
        default:
            break;
    }
}

void MemoryGraph::build_indexes() {
    if (indexed_version_ == version_) return;
    by_name_.clear();
    by_label_.clear();
    for (NodeRef n = 0; n < nodes.size(); ++n) {
        const MemoryNode& node = nodes[n];
        if (node.deleted) continue;
        for (const auto& l : node.labels) by_label_[l].push_back(n);
        const Value name = node.properties.get("name");
        if (name.kind == Value::Kind::String) by_name_[name.text].push_back(n);
    }
    indexed_version_ = version_;
}

std::vector<NodeRef> MemoryGraph::nodes_named(const std::string& name) {
    if (!complete()) {
        std::vector<NodeRef> found = loader_->load_named(*this, name);
        for (NodeRef n : created_)
            if (const Value* v = nodes[n].properties.find("name");
                v && v->kind == Value::Kind::String && v->text == name)
                found.push_back(n);
        return found;
    }
    build_indexes();
    auto it = by_name_.find(name);
    return it == by_name_.end() ? std::vector<NodeRef>{} : it->second;
}

std::vector<NodeRef> MemoryGraph::nodes_labelled(const std::string& label) {
    if (!complete()) {
        std::vector<NodeRef> found = loader_->load_labelled(*this, label);
        for (NodeRef n : created_)
            if (has_label(n, label)) found.push_back(n);
        return found;
    }
    build_indexes();
    auto it = by_label_.find(label);
    return it == by_label_.end() ? std::vector<NodeRef>{} : it->second;
}

std::vector<std::string> MemoryGraph::schema_labels() {
    if (loader_) return loader_->labels();
    std::set<std::string> out;
    for (const auto& n : nodes)
        if (!n.deleted) out.insert(n.labels.begin(), n.labels.end());
    return {out.begin(), out.end()};
}

std::vector<std::string> MemoryGraph::schema_relationship_types() {
    if (loader_) return loader_->relationship_types();
    std::set<std::string> out;
    for (RelRef r = 0; r < relationships.size(); ++r)
        if (!relationships[r].deleted) out.insert(type_of(r));
    return {out.begin(), out.end()};
}

bool MemoryGraph::has_relationship_type(const std::string& type) {
    if (find_type(type)) {
        if (!has_deletions_) return true;
        for (RelRef r = 0; r < relationships.size(); ++r)
            if (!relationships[r].deleted && type_of(r) == type) return true;
    }
    return loader_ && loader_->has_relationship_type(type);
}

}  // namespace kg::query
