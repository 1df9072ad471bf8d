#include "kg/query/memory_graph.hpp"

#include <algorithm>
#include <string>

#include "kg/extract/triple.hpp"
#include "kg/extract/value.hpp"
#include "kg/graph/view.hpp"

namespace kg::query {

NodeRef MemoryGraph::add_node(std::vector<std::string> labels, Value properties) {
    MemoryNode node;
    node.labels = std::move(labels);
    if (properties.kind == Value::Kind::Map) node.properties = std::move(properties);
    nodes.push_back(std::move(node));
    return nodes.size() - 1;
}

RelRef MemoryGraph::add_relationship(NodeRef source, NodeRef target, std::string type,
                                     Value properties) {
    MemoryRelationship rel;
    rel.type = std::move(type);
    rel.source = source;
    rel.target = target;
    if (properties.kind == Value::Kind::Map) rel.properties = std::move(properties);
    relationships.push_back(std::move(rel));
    RelRef id = relationships.size() - 1;
    nodes[source].out.push_back(id);
    nodes[target].in.push_back(id);
    return id;
}

bool MemoryGraph::has_label(NodeRef n, const std::string& label) const {
    const auto& labels = nodes[n].labels;
    return std::find(labels.begin(), labels.end(), label) != labels.end();
}

MemoryGraph memory_graph_from_view(const GraphView& view) {
    MemoryGraph graph;
    graph.nodes.reserve(view.num_vertices());
    for (VertexId v = 0; v < view.num_vertices(); ++v) {
        Value props = Value::empty_map();
        if (view.is_value(v)) {
            props.set_entry("value", Value::of_string(std::string(view.name(v))));
            props.set_entry("kind", Value::of_string(std::string(to_string(view.value_kind(v)))));
            graph.add_node({"Value"}, std::move(props));
        } else {
            std::string type(to_string(view.entity_type(v)));
            props.set_entry("name", Value::of_string(std::string(view.name(v))));
            props.set_entry("type", Value::of_string(type));
            graph.add_node({type}, std::move(props));
        }
    }
    for (FactIndex f = 0; f < view.num_facts(); ++f) {
        const ViewFact& fact = view.fact(f);
        Value props = Value::empty_map();
        props.set_entry("confidence", Value::of_float(fact.confidence));
        props.set_entry("negated", Value::of_bool(fact.negated));
        props.set_entry("fact_id", Value::of_int(static_cast<std::int64_t>(view.fact_id(f))));
        graph.add_relationship(fact.subject, fact.object,
                               std::string(view.relation_name(fact.relation)), std::move(props));
    }
    return graph;
}

}  // namespace kg::query
