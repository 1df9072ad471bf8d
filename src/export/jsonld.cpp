#include "kg/export/jsonld.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

namespace kg {
namespace {

using nlohmann::json;

constexpr std::string_view kEntityNs = "urn:kg:entity:";
constexpr std::string_view kFactNs = "urn:kg:fact:";
constexpr std::string_view kValueNs = "urn:kg:value:";
constexpr std::string_view kRelationNs = "urn:kg:relation:";

json context() {
    auto typed = [](const char* id, const char* type) {
        return json{{"@id", id}, {"@type", type}};
    };
    return json{
        {"@version", 1.1},
        {"schema", "https://schema.org/"},
        {"xsd", "http://www.w3.org/2001/XMLSchema#"},
        {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
        {"kg", "urn:kg:vocab:"},
        {"rel", std::string(kRelationNs)},
        {"q", "urn:kg:qualifier:"},
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

// schema.org has a class for every kg type but Other, which is a plain Thing.
std::string_view schema_class(EntityType type) {
    return type == EntityType::Other ? "Thing" : to_string(type);
}

// Keeps RFC 3986 unreserved characters; everything else (including ':' and
// '/', which would change how the IRI is read) is %XX-encoded, byte by byte.
std::string iri_segment(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : text) {
        unsigned char c = static_cast<unsigned char>(ch);
        bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

std::string entity_iri(EntityId id) {
    return std::string(kEntityNs) + std::to_string(id);
}
std::string fact_iri(FactId id) {
    return std::string(kFactNs) + std::to_string(id);
}
std::string relation_iri(std::string_view rel) {
    return std::string(kRelationNs) + iri_segment(rel);
}
std::string relation_key(std::string_view rel) {
    return "rel:" + iri_segment(rel);
}
std::string qualifier_key(std::string_view name) {
    return "q:" + iri_segment(name);
}

// xsd:decimal has no exponent: 1.5e11 -> "150000000000", 6.9e9 -> "6900000000".
std::string decimal(double x) {
    char buf[512];
    auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
    return std::string(buf, res.ptr);
}

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The xsd type a date of this shape is, or empty for anything else.
std::string_view date_type(std::string_view d) {
    auto digits_at = [&](std::size_t pos, std::size_t n) { return all_digits(d.substr(pos, n)); };
    if (d.size() == 4 && digits_at(0, 4)) return "xsd:gYear";
    if (d.size() == 7 && digits_at(0, 4) && d[4] == '-' && digits_at(5, 2)) return "xsd:gYearMonth";
    if (d.size() == 10 && digits_at(0, 4) && d[4] == '-' && digits_at(5, 2) && d[7] == '-' &&
        digits_at(8, 2)) {
        return "xsd:date";
    }
    return {};
}

bool is_amount(const Value& v) {
    return (v.kind == ValueKind::Money || v.kind == ValueKind::Percent ||
            v.kind == ValueKind::Quantity) &&
           std::isfinite(v.amount);
}

std::string_view bound_suffix(Bound b) {
    switch (b) {
        case Bound::Exact:
            return "";
        case Bound::AtLeast:
            return ":atleast";
        case Bound::AtMost:
            return ":atmost";
        case Bound::About:
            return ":about";
    }
    return "";
}

// Named by everything the node says, so equal IRIs never carry conflicting properties.
std::string value_iri(const Value& v) {
    std::string iri(kValueNs);
    switch (v.kind) {
        case ValueKind::Money:
            iri += "money:" + iri_segment(v.currency);
            break;
        case ValueKind::Percent:
            iri += "percent";
            break;
        default:
            iri += "quantity:" + iri_segment(v.unit);
            break;
    }
    iri += ":" + decimal(v.amount);
    iri += bound_suffix(v.bound);
    return iri;
}

json value_node(const Value& v) {
    json node{{"@id", value_iri(v)}, {"name", v.display()}};
    const char* slot = "value";
    if (v.bound == Bound::AtLeast) slot = "minValue";
    if (v.bound == Bound::AtMost) slot = "maxValue";
    node[slot] = decimal(v.amount);
    if (v.bound == Bound::About) node["bound"] = "about";
    if (v.kind == ValueKind::Money) {
        node["@type"] = "MonetaryAmount";
        if (!v.currency.empty()) node["currency"] = v.currency;
    } else {
        node["@type"] = "QuantitativeValue";
        if (v.kind == ValueKind::Percent) {
            node["unitCode"] = "P1";  // UN/CEFACT common code for percent, as schema.org advises
            node["unitText"] = "%";
        } else if (!v.unit.empty()) {
            node["unitText"] = v.unit;
        }
    }
    return node;
}

// The JSON-LD object for a value used as an object or qualifier; amount
// nodes are referenced by IRI and collected in `nodes` to be emitted once.
json value_ref(const Value& v, std::map<std::string, json>& nodes) {
    if (is_amount(v)) {
        std::string iri = value_iri(v);
        nodes.try_emplace(iri, value_node(v));
        return json{{"@id", iri}};
    }
    if (v.kind == ValueKind::Date) {
        std::string_view type = date_type(v.date);
        if (!type.empty()) return json{{"@value", v.date}, {"@type", std::string(type)}};
        if (!v.date.empty()) return v.date;
    }
    return v.display();
}

json object_of(const Fact& f, std::map<std::string, json>& nodes) {
    if (f.object_entity) return json{{"@id", entity_iri(*f.object_entity)}};
    if (f.object_value) return value_ref(*f.object_value, nodes);
    return f.object_name;
}

json provenance_node(const Provenance& p) {
    json node{{"@type", "Provenance"},     {"source", p.source_uri}, {"sentence", p.sentence},
              {"spanBegin", p.span_begin}, {"spanEnd", p.span_end},  {"confidence", p.confidence}};
    if (!p.extractor.empty()) node["extractor"] = p.extractor;
    return node;
}

json statement_node(const Fact& f, std::map<std::string, json>& nodes) {
    json node{{"@id", fact_iri(f.id)},
              {"@type", "Statement"},
              {"subject", entity_iri(f.subject)},
              {"predicate", relation_iri(f.relation)},
              {"object", object_of(f, nodes)},
              {"negated", f.negated},
              {"confidence", f.confidence}};
    if (!f.modality.empty()) node["modality"] = f.modality;
    for (const auto& [name, value] : f.qualifiers)
        node[qualifier_key(name)] = value_ref(value, nodes);

    std::vector<const Provenance*> prov;
    for (const auto& p : f.provenance) prov.push_back(&p);
    std::sort(prov.begin(), prov.end(), [](const Provenance* a, const Provenance* b) {
        return std::tie(a->source_uri, a->span_begin, a->span_end, a->sentence) <
               std::tie(b->source_uri, b->span_begin, b->span_end, b->sentence);
    });
    if (!prov.empty()) {
        json list = json::array();
        for (const Provenance* p : prov) list.push_back(provenance_node(*p));
        node["provenance"] = std::move(list);
    }
    return node;
}

json entity_node(const Entity& e) {
    json node{
        {"@id", entity_iri(e.id)}, {"@type", std::string(schema_class(e.type))}, {"name", e.name}};
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
                             json{{"@id", entity_iri(f->subject)}, {"name", f->subject_name}});
        if (f->object_entity) {
            entities.try_emplace(*f->object_entity, json{{"@id", entity_iri(*f->object_entity)},
                                                         {"name", f->object_name}});
        }
    }

    std::map<std::string, json> value_nodes;
    json statements = json::array();
    std::set<std::tuple<EntityId, std::string, std::string>> asserted;
    for (const Fact* f : facts) {
        statements.push_back(statement_node(*f, value_nodes));
        if (f->negated) continue;  // a denial is recorded, never asserted
        // Facts differing only in qualifiers or modality assert the same triple once.
        json object = object_of(*f, value_nodes);
        if (!asserted.emplace(f->subject, f->relation, object.dump()).second) continue;
        json& values = entities[f->subject][relation_key(f->relation)];
        if (values.is_null()) values = json::array();
        values.push_back(std::move(object));
    }

    json graph_nodes = json::array();
    for (auto& [id, node] : entities) {
        for (auto& [key, val] : node.items()) {
            if (val.is_array() && val.size() == 1 && key.rfind("rel:", 0) == 0) val = val[0];
        }
        graph_nodes.push_back(std::move(node));
    }
    for (auto& s : statements) graph_nodes.push_back(std::move(s));
    for (auto& [iri, node] : value_nodes) graph_nodes.push_back(std::move(node));

    json doc{{"@context", context()}, {"@graph", std::move(graph_nodes)}};
    // Invalid UTF-8 in names becomes U+FFFD instead of aborting the export.
    out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace kg
