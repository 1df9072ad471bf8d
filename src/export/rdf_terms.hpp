// kg's RDF naming, the one definition both RDF writers (JSON-LD, N-Triples)
// use, so they describe the same graph: the IRIs of entities, facts,
// relations, qualifiers and value nodes, which term a value becomes, and the
// lexical forms of numbers and dates. The design is documented in
// include/kg/export/jsonld.hpp. Every IRI built here is ASCII without spaces,
// quotes or angle brackets (names go through iri_segment), so writers can
// print them as they are.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/graph/model.hpp"

namespace kg::rdf {

inline constexpr std::string_view kEntityNs = "urn:kg:entity:";
inline constexpr std::string_view kFactNs = "urn:kg:fact:";
inline constexpr std::string_view kValueNs = "urn:kg:value:";
inline constexpr std::string_view kRelationNs = "urn:kg:relation:";
inline constexpr std::string_view kQualifierNs = "urn:kg:qualifier:";
inline constexpr std::string_view kVocabNs = "urn:kg:vocab:";  // kg's own terms
inline constexpr std::string_view kSchemaNs = "https://schema.org/";
inline constexpr std::string_view kXsdNs = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

// Keeps RFC 3986 unreserved characters and %XX-encodes every other byte.
std::string iri_segment(std::string_view text);

std::string entity_iri(EntityId id);
std::string fact_iri(FactId id);
std::string relation_iri(std::string_view relation);
std::string qualifier_iri(std::string_view name);

// The schema.org class (local name) of an entity type.
std::string_view schema_class(EntityType type);

// xsd:decimal lexical form (no exponent): 1.5e11 -> "150000000000".
std::string decimal(double x);

// The canonical xsd:double form a JSON-LD processor gives a native number
// (JSON-LD 1.1 toRdf: 15 fraction digits, trailing zeros trimmed): 0.9 ->
// "9.0E-1", 1 -> "1.0E0". x must be finite (JSON has no other numbers).
std::string double_lexical(double x);

// The xsd datatype (local name: "gYear", "gYearMonth", "date") of an ISO
// date of that shape, or empty for anything else.
std::string_view date_type(std::string_view date);

// Money, percent or quantity with a finite amount: described by a node.
bool is_amount(const Value& v);

// An amount's node, named by everything it says, so equal IRIs never carry
// conflicting properties (but for the display name: the first one wins).
struct AmountNode {
    std::string iri;
    std::string_view type;       // schema class: MonetaryAmount or QuantitativeValue
    std::string name;            // schema:name, the display form ("$1B")
    std::string_view slot;       // schema property of the amount: value, minValue or maxValue
    std::string amount;          // xsd:decimal
    bool about = false;          // kg:bound "about"
    std::string_view currency;   // schema:currency, omitted when empty
    std::string_view unit_code;  // schema:unitCode, omitted when empty
    std::string_view unit_text;  // schema:unitText, omitted when empty
};

AmountNode amount_node(const Value& v);              // v must be an amount; views into v
inline constexpr std::string_view kAbout = "about";  // the kg:bound value

// A fact's object or a qualifier's value in RDF: an IRI (entity or amount
// node) or a literal, plain (xsd:string) or typed.
struct Term {
    bool is_iri = false;
    std::string text;               // the IRI or the literal's lexical form
    std::string_view datatype;      // xsd local name for typed literals
    const Value* amount = nullptr;  // the value an amount node IRI describes
};

Term value_term(const Value& v);
Term object_term(const Fact& f);

// Equal for terms that are equal once written (invalid UTF-8 replaced), so
// writers assert a triple once.
std::string term_key(const Term& t);

// The fact's provenance in the order every writer lists it.
std::vector<const Provenance*> sorted_provenance(const Fact& f);

}  // namespace kg::rdf
