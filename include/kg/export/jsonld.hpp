// JSON-LD 1.1 export with an inline @context: it expands and converts to RDF
// offline (no remote context). Output is pretty-printed (2 spaces), keys
// sorted, @graph in a fixed order (entities by id, then one statement per
// fact by id, then value nodes by IRI), so re-exports diff cleanly.
//
// Design (the RDF a JSON-LD processor gets):
//  - Entity: <urn:kg:entity:ID> a schema:Organization | Person | Place |
//    Product | Event | Thing (for Other); schema:name, schema:alternateName
//    (aliases), kg:mentions.
//  - Asserted fact: the direct triple <subject> <urn:kg:relation:REL> <object>
//    (REL percent-encoded). Negated facts are never asserted directly.
//  - Literal objects and qualifiers:
//      Date  -> typed literal by precision: xsd:gYear "2019",
//               xsd:gYearMonth "2019-03", xsd:date "2019-03-05";
//      Text  -> plain string;
//      Money -> a schema:MonetaryAmount node {schema:currency "USD",
//               schema:value "1000000000"^^xsd:decimal};
//      Percent / Quantity -> a schema:QuantitativeValue node {schema:value,
//               schema:unitText ("%" or the unit), schema:unitCode "P1" for percent}.
//    Bounds use schema.org's own slots: AtLeast -> schema:minValue, AtMost ->
//    schema:maxValue, Exact/About -> schema:value (About adds kg:bound "about").
//    Amount nodes are named by content, <urn:kg:value:KIND:UNIT:AMOUNT[:BOUND]>,
//    so one value is one node, shared by the triple and its statement, and
//    carry schema:name = the display form ("$1B").
//  - Every fact, asserted or negated: <urn:kg:fact:ID> a rdf:Statement with
//    rdf:subject, rdf:predicate, rdf:object, kg:negated (boolean),
//    kg:confidence (xsd:double), kg:modality (when set), one property
//    <urn:kg:qualifier:NAME> per qualifier (values encoded as above), and
//    kg:provenance -> one kg:Provenance node per supporting sentence
//    {kg:source (xsd:anyURI), kg:sentence, kg:spanBegin, kg:spanEnd
//    (xsd:integer), kg:extractor, kg:confidence}.
// kg's own vocabulary lives under urn:kg:vocab:. write_ntriples
// (kg/export/ntriples.hpp) writes the same graph; both take their naming
// from src/export/rdf_terms.hpp.
#pragma once

#include <iosfwd>

#include "kg/export/snapshot.hpp"

namespace kg {

void write_jsonld(const GraphSnapshot& graph, std::ostream& out);

}  // namespace kg
