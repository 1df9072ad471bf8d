// Neo4j CSV export: kg's property graph (kg/graph/property_graph.hpp) as the
// two files `neo4j-admin database import` reads, so that the graph a Neo4j
// user queries is the one `kg query` shows:
//
//   neo4j-admin database import full --nodes=nodes.csv
//       --relationships=relationships.csv --array-delimiter=U+001F
//       --multiline-fields=true neo4j
//
//  - nodes.csv: `id:ID` ("e<entity id>", "v<n>" for literal values),
//    `:LABEL` (the entity type, or Value), then one column per property;
//  - relationships.csv: `:START_ID`, `:END_ID`, `:TYPE` (the relationship
//    type: "invested-in", "not-acquired"), then one column per property;
//  - columns are typed in the header (`mentions:long`, `confidence:double`,
//    `negated:boolean`, `aliases:string[]`) by what they hold in every row,
//    text when rows disagree; an element without a property leaves its
//    field empty;
//  - lists are joined with U+001F (the unit separator: never in kg's text,
//    unlike Neo4j's default ';'), fields are RFC 4180 quoted, text is valid
//    UTF-8; the same graph gives the same bytes.
#pragma once

#include <iosfwd>

#include "kg/export/snapshot.hpp"

namespace kg {

void write_neo4j_csv(const GraphSnapshot& graph, std::ostream& nodes, std::ostream& relationships);

}  // namespace kg
