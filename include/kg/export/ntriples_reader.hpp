// Reading N-Triples back into kg (`kg import --nt`): kg's own N-Triples
// export, or RDF from elsewhere (gen_kg.py --format nt, a triple store's
// dump). parse_ntriples reads the syntax (W3C N-Triples 1.1: IRIs, blank
// nodes, literals with escapes, language tags and datatypes); facts_from_rdf
// turns the triples into kg facts:
//  - an IRI or blank node that is a subject or object is an entity, named by
//    its schema:name / rdfs:label / foaf:name / skos:prefLabel, else by the
//    IRI's last segment ("Entity_2", percent-decoded); schema:alternateName
//    and skos:altLabel are aliases; rdf:type schema:Organization, Person,
//    Place, Product, Event (and their common subclasses) is its type;
//  - every other triple is a fact: relation = the predicate's last segment;
//    an IRI object is an entity, a literal a value (typed dates become
//    dates, numbers quantities, the rest text);
//  - what kg's export adds around its facts is not read as facts: the
//    rdf:Statement descriptions, provenance and amount nodes (an amount
//    object becomes its money / percent / quantity value again), mentions.
// Statements' qualifiers and provenance are not read back: an imported fact's
// provenance is the file and its line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/extractor.hpp"

namespace kg {

struct RdfTerm {
    enum class Kind { Iri, Blank, Literal };
    Kind kind = Kind::Iri;
    std::string value;     // IRI, blank node label, or the literal's text (unescaped)
    std::string datatype;  // literals: the datatype IRI ("" for a plain string)
    std::string language;  // literals: the language tag, if any
};

struct RdfTriple {
    RdfTerm subject, predicate, object;
    std::size_t begin = 0, end = 0;  // byte span of its line in the text
};

// Throws kg::Error "NAME:LINE: what is wrong" at the first malformed line.
std::vector<RdfTriple> parse_ntriples(std::string_view text, std::string_view name);

// The facts the triples state; each fact's span is its triple's line.
Extraction facts_from_rdf(const std::vector<RdfTriple>& triples);

}  // namespace kg
