#include "kg/export/jsonld.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdf_terms.hpp"

namespace kg {
namespace {

using nlohmann::json;

json context() {
    auto typed = [](const char* id, const char* type) {
        return json{{"@id", id}, {"@type", type}};
    };
    return json{
        {"@version", 1.1},
        {"schema", rdf::kSchemaNs},
        {"xsd", rdf::kXsdNs},
        {"rdf", rdf::kRdfNs},
        {"kg", rdf::kVocabNs},
        {"rel", rdf::kRelationNs},
        {"q", rdf::kQualifierNs},
        // classes
        {"Organization", "schema:Organization"},
        {"Person", "schema:Person"},
        {"Place", "schema:Place"},
        {"Product", "schema:Product"},
        {"Event", "schema:Event"},
        {"Thing", "schema:Thing"},
        {"MonetaryAmount", "schema:MonetaryAmount"},
        {"QuantitativeValue", "schema:QuantitativeValue"},
        {"Statement", "rdf:Statement"},
        {"Provenance", "kg:Provenance"},
        // entities and values
        {"name", "schema:name"},
        {"alternateName", "schema:alternateName"},
        {"mentions", "kg:mentions"},
        {"currency", "schema:currency"},
        {"value", typed("schema:value", "xsd:decimal")},
        {"minValue", typed("schema:minValue", "xsd:decimal")},
        {"maxValue", typed("schema:maxValue", "xsd:decimal")},
        {"unitText", "schema:unitText"},
        {"unitCode", "schema:unitCode"},
        {"bound", "kg:bound"},
        // statements and provenance
        {"subject", typed("rdf:subject", "@id")},
        {"predicate", typed("rdf:predicate", "@id")},
        {"object", "rdf:object"},
        {"negated", "kg:negated"},
        {"modality", "kg:modality"},
        // Typed, because a JSON reader may turn 1.0 into the integer 1.
        {"confidence", typed("kg:confidence", "xsd:double")},
        {"provenance", "kg:provenance"},
        {"source", typed("kg:source", "xsd:anyURI")},
        {"sentence", "kg:sentence"},
        {"spanBegin", "kg:spanBegin"},
        {"spanEnd", "kg:spanEnd"},
        {"extractor", "kg:extractor"},
    };
}

std::string relation_key(std::string_view rel) {
    return "rel:" + rdf::iri_segment(rel);
}
std::string qualifier_key(std::string_view name) {
    return "q:" + rdf::iri_segment(name);
}

// The context's terms for an amount node's properties are schema.org's local names.
json value_node(const rdf::AmountNode& a) {
    json node{{"@id", a.iri},
              {"@type", std::string(a.type)},
              {"name", a.name},
              {std::string(a.slot), a.amount}};
    if (a.about) node["bound"] = rdf::kAbout;
    if (!a.currency.empty()) node["currency"] = a.currency;
    if (!a.unit_code.empty()) node["unitCode"] = a.unit_code;
    if (!a.unit_text.empty()) node["unitText"] = a.unit_text;
    return node;
}

// The JSON-LD object for a term; amount nodes are referenced by IRI and
// collected in `nodes` to be emitted once.
json term_json(const rdf::Term& t, std::map<std::string, json>& nodes) {
    if (t.amount && nodes.find(t.text) == nodes.end())
        nodes.emplace(t.text, value_node(rdf::amount_node(*t.amount)));
    if (t.is_iri) return json{{"@id", t.text}};
    if (!t.datatype.empty())
        return json{{"@value", t.text}, {"@type", "xsd:" + std::string(t.datatype)}};
    return t.text;
}

json provenance_node(const Provenance& p) {
    json node{{"@type", "Provenance"},     {"source", p.source_uri}, {"sentence", p.sentence},
              {"spanBegin", p.span_begin}, {"spanEnd", p.span_end},  {"confidence", p.confidence}};
    if (!p.extractor.empty()) node["extractor"] = p.extractor;
    return node;
}

json statement_node(const Fact& f, std::map<std::string, json>& nodes) {
    json node{{"@id", rdf::fact_iri(f.id)},
              {"@type", "Statement"},
              {"subject", rdf::entity_iri(f.subject)},
              {"predicate", rdf::relation_iri(f.relation)},
              {"object", term_json(rdf::object_term(f), nodes)},
              {"negated", f.negated},
              {"confidence", f.confidence}};
    if (!f.modality.empty()) node["modality"] = f.modality;
    for (const auto& [name, value] : f.qualifiers)
        node[qualifier_key(name)] = term_json(rdf::value_term(value), nodes);

    std::vector<const Provenance*> prov = rdf::sorted_provenance(f);
    if (!prov.empty()) {
        json list = json::array();
        for (const Provenance* p : prov) list.push_back(provenance_node(*p));
        node["provenance"] = std::move(list);
    }
    return node;
}

// `text` (a dump(2) of one node) as it appears nested at `indent`: a dump
// has newlines only between its own lines, never inside a string.
std::string indented(const std::string& text, std::string_view indent) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        out += c;
        if (c == '\n') out += indent;
    }
    return out;
}

json entity_node(const Entity& e) {
    json node{{"@id", rdf::entity_iri(e.id)},
              {"@type", std::string(rdf::schema_class(e.type))},
              {"name", e.name}};
    if (!e.aliases.empty()) {
        std::vector<std::string> aliases = e.aliases;
        std::sort(aliases.begin(), aliases.end());
        node["alternateName"] = aliases;
    }
    if (e.mentions > 0) node["mentions"] = e.mentions;
    return node;
}

}  // namespace

void write_jsonld(const GraphSnapshot& graph, std::ostream& out) {
    std::vector<const Fact*> facts;
    for (const auto& f : graph.facts) facts.push_back(&f);
    std::sort(facts.begin(), facts.end(),
              [](const Fact* a, const Fact* b) { return a->id < b->id; });

    std::map<EntityId, json> entities;
    for (const auto& e : graph.entities) entities.emplace(e.id, entity_node(e));
    // Entities a fact mentions but the snapshot lacks still get a named node.
    for (const Fact* f : facts) {
        entities.try_emplace(f->subject,
                             json{{"@id", rdf::entity_iri(f->subject)}, {"name", f->subject_name}});
        if (f->object_entity) {
            entities.try_emplace(
                *f->object_entity,
                json{{"@id", rdf::entity_iri(*f->object_entity)}, {"name", f->object_name}});
        }
    }

    // The entities carry the triples their facts assert, so those come first;
    // value nodes are noted in the order the statements name them (the first
    // display name of an amount wins).
    std::map<std::string, json> value_nodes;
    std::set<std::tuple<EntityId, std::string, std::string>> asserted;
    for (const Fact* f : facts) {
        rdf::Term object = rdf::object_term(*f);
        term_json(object, value_nodes);
        for (const auto& [name, value] : f->qualifiers)
            term_json(rdf::value_term(value), value_nodes);
        if (f->negated) continue;  // a denial is recorded, never asserted
        // Facts differing only in qualifiers or modality assert the same triple once.
        if (!asserted.emplace(f->subject, f->relation, rdf::term_key(object)).second) continue;
        json& values = entities[f->subject][relation_key(f->relation)];
        if (values.is_null()) values = json::array();
        values.push_back(term_json(object, value_nodes));
    }

    // Written node by node, as one dump(2) of the whole document would be:
    // statements are built one at a time, so memory holds the entities and
    // values, not every statement and its provenance.
    std::string context_text = context().dump(2);
    out << "{\n  \"@context\": " << indented(context_text, "  ") << ",\n  \"@graph\": [";
    bool first = true;
    auto emit = [&](const json& node) {
        // Invalid UTF-8 in names becomes U+FFFD instead of aborting the export.
        out << (first ? "\n    " : ",\n    ")
            << indented(node.dump(2, ' ', false, json::error_handler_t::replace), "    ");
        first = false;
    };
    for (auto& [id, node] : entities) {
        for (auto& [key, val] : node.items()) {
            if (val.is_array() && val.size() == 1 && key.rfind("rel:", 0) == 0) val = val[0];
        }
        emit(node);
    }
    entities.clear();
    for (const Fact* f : facts) emit(statement_node(*f, value_nodes));
    for (const auto& [iri, node] : value_nodes) emit(node);
    out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace kg
