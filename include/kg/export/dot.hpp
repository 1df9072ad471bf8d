// GraphViz export. write_dot promises a digraph that `dot -Tsvg` lays out
// readably and that is byte-identical for the same graph (sorted by id):
//  - one node per entity, labelled with its name; shape and colour by type;
//  - literal objects (money, dates, ...) as small note-shaped nodes, one per
//    distinct value per subject;
//  - one edge per fact, labelled "relation (qualifier, qualifier)", e.g.
//    "invested-in ($1B, 2019)"; negated facts red, dashed and "not ...";
//    facts with confidence below 0.5 dotted;
//  - every label escaped (quotes, backslashes, newlines, '&'); UTF-8 passes
//    through (charset=UTF-8), invalid bytes become U+FFFD.
// Facts whose subject or object entity is missing from the snapshot still
// get a node, named from the fact.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "kg/export/snapshot.hpp"

namespace kg {

void write_dot(const GraphSnapshot& graph, std::ostream& out);

// The body of a DOT double-quoted string (without the quotes) showing `text`
// literally. Exposed for tests and for other DOT producers.
std::string dot_escape(std::string_view text);

}  // namespace kg
