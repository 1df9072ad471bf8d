// MemoryGraph: the in-memory property graph the query evaluator walks and
// CREATE writes into. Nodes carry labels and properties, relationships a type
// and properties, and each node its out/in relationship lists. kg's real data
// lives in the Store / GraphView; memory_graph_from_view() copies a view into
// this shape (entities -> nodes labelled with their type, literal values ->
// :Value nodes, facts -> relationships typed by the relation name), so the
// same evaluator serves both kg's graph and the openCypher TCK, which needs a
// graph it can create into. Deleted elements keep their slot (ids stay
// stable) and are skipped by every scan.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "kg/query/value.hpp"

namespace kg {
class GraphView;
}

namespace kg::query {

struct MemoryNode {
    std::vector<std::string> labels;
    Value properties = Value::empty_map();
    std::vector<RelRef> out, in;
    bool deleted = false;
};

struct MemoryRelationship {
    std::string type;
    NodeRef source = 0;
    NodeRef target = 0;
    Value properties = Value::empty_map();
    bool deleted = false;
};

struct MemoryGraph {
    std::vector<MemoryNode> nodes;
    std::vector<MemoryRelationship> relationships;

    NodeRef add_node(std::vector<std::string> labels, Value properties);
    RelRef add_relationship(NodeRef source, NodeRef target, std::string type, Value properties);
    bool has_label(NodeRef n, const std::string& label) const;
};

// Copies a GraphView: entity vertices become nodes labelled with their
// entity type and carrying `name` and `type`; value vertices become :Value
// nodes with `value` and `kind`; facts become relationships typed by the
// relation name with `confidence` and `negated`. Node id == vertex id.
MemoryGraph memory_graph_from_view(const GraphView& view);

}  // namespace kg::query
