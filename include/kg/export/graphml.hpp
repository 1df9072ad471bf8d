// GraphML export of kg's property graph (kg/graph/property_graph.hpp), for
// Gephi, yEd, Cytoscape, networkx and igraph.
// write_graphml promises well-formed GraphML 1.0, byte-identical for the
// same graph (entities by id, values by content, facts by id):
//  - nodes "e<id>" (entities) and "v<n>" (literal values), edges "f<id>"
//    (facts, directed subject -> object, parallel edges kept);
//  - every node has `label` (the name, or the value as shown) and `labels`
//    (":Organization", ":Value", as Neo4j's APOC writes them); every edge
//    has `label`, its relationship type ("invested-in", "not-acquired");
//  - every property is a <key> typed string, long, double or boolean by
//    what it holds in all elements (text when they disagree); lists
//    (aliases, sources, sentences) are JSON arrays in a string;
//  - booleans are written true/false, as GraphML (XML Schema) spells them;
//    Boost.Graph's read_graphml accepts only 1/0 and so cannot read them;
//  - text is XML-escaped; invalid UTF-8 becomes U+FFFD and characters XML
//    cannot carry (control characters) are dropped.
#pragma once

#include <iosfwd>

#include "kg/export/snapshot.hpp"

namespace kg {

void write_graphml(const GraphSnapshot& graph, std::ostream& out);

}  // namespace kg
