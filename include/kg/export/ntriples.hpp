// N-Triples 1.1 export: the same RDF graph that write_jsonld's output expands
// to (the design is in kg/export/jsonld.hpp), one triple per line.
// Promises:
//  - absolute IRIs only; provenance nodes are blank nodes _:p1, _:p2, ...;
//  - literals escaped as N-Triples requires (\" \\ \n \r \t, every other
//    control character as \uXXXX), other UTF-8 as it is, invalid UTF-8 as
//    U+FFFD, so the file is valid UTF-8 whatever the names hold;
//  - numbers in the forms a JSON-LD processor gives write_jsonld's numbers
//    (canonical xsd:double "9.0E-1", xsd:integer, xsd:decimal);
//  - no repeated triples, and the same bytes for the same graph: entities by
//    id (each followed by the facts it asserts), then one statement per fact
//    by id with its provenance, then value nodes by IRI;
//  - streaming: memory grows with the number of entities and facts (pointers,
//    ids), not with the size of the output.
#pragma once

#include <iosfwd>

#include "kg/export/snapshot.hpp"

namespace kg {

void write_ntriples(const GraphSnapshot& graph, std::ostream& out);

}  // namespace kg
