#include "rdf_terms.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <tuple>

#include "kg/source/utf8.hpp"

namespace kg::rdf {
namespace {

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
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

}  // namespace

// ':' and '/' are encoded too: they would change how the IRI is read.
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
std::string relation_iri(std::string_view relation) {
    return std::string(kRelationNs) + iri_segment(relation);
}
std::string qualifier_iri(std::string_view name) {
    return std::string(kQualifierNs) + iri_segment(name);
}

// schema.org has a class for every kg type but Other, which is a plain Thing.
std::string_view schema_class(EntityType type) {
    return type == EntityType::Other ? "Thing" : to_string(type);
}

std::string decimal(double x) {
    char buf[512];
    auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
    return std::string(buf, res.ptr);
}

// Python's '%1.15E' and std::to_chars both round correctly, so the digits
// match what pyld (or jsonld.js's toExponential(15)) computes.
std::string double_lexical(double x) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific, 15);
    std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));  // "9.000000000000000e-01"
    std::size_t e = text.find('e');
    std::string_view mantissa = text.substr(0, e);
    while (mantissa.size() > 2 && mantissa.back() == '0' && mantissa[mantissa.size() - 2] != '.')
        mantissa.remove_suffix(1);
    std::string_view exp = text.substr(e + 1);
    bool negative = !exp.empty() && exp.front() == '-';
    if (!exp.empty() && (exp.front() == '-' || exp.front() == '+')) exp.remove_prefix(1);
    int exponent = 0;
    std::from_chars(exp.data(), exp.data() + exp.size(), exponent);
    return std::string(mantissa) + 'E' + (negative ? "-" : "") + std::to_string(exponent);
}

std::string_view date_type(std::string_view d) {
    auto digits_at = [&](std::size_t pos, std::size_t n) { return all_digits(d.substr(pos, n)); };
    if (d.size() == 4 && digits_at(0, 4)) return "gYear";
    if (d.size() == 7 && digits_at(0, 4) && d[4] == '-' && digits_at(5, 2)) return "gYearMonth";
    if (d.size() == 10 && digits_at(0, 4) && d[4] == '-' && digits_at(5, 2) && d[7] == '-' &&
        digits_at(8, 2)) {
        return "date";
    }
    return {};
}

bool is_amount(const Value& v) {
    return v.has_amount() && std::isfinite(v.amount);
}

// Bounds use schema.org's own slots; About is an exact slot plus kg:bound.
AmountNode amount_node(const Value& v) {
    AmountNode node;
    node.iri = value_iri(v);
    node.name = v.display();
    node.slot = "value";
    if (v.bound == Bound::AtLeast) node.slot = "minValue";
    if (v.bound == Bound::AtMost) node.slot = "maxValue";
    node.amount = decimal(v.amount);
    node.about = v.bound == Bound::About;
    if (v.kind == ValueKind::Money) {
        node.type = "MonetaryAmount";
        node.currency = v.currency;
    } else {
        node.type = "QuantitativeValue";
        if (v.kind == ValueKind::Percent) {
            node.unit_code = "P1";  // UN/CEFACT common code for percent, as schema.org advises
            node.unit_text = "%";
        } else {
            node.unit_text = v.unit;
        }
    }
    return node;
}

Term value_term(const Value& v) {
    if (is_amount(v)) return Term{true, value_iri(v), {}, &v};
    if (v.kind == ValueKind::Date) {
        std::string_view type = date_type(v.date);
        if (!type.empty()) return Term{false, v.date, type, nullptr};
        if (!v.date.empty()) return Term{false, v.date, {}, nullptr};
    }
    return Term{false, v.display(), {}, nullptr};
}

Term object_term(const Fact& f) {
    if (f.object_entity) return Term{true, entity_iri(*f.object_entity), {}, nullptr};
    if (f.object_value) return value_term(*f.object_value);
    return Term{false, f.object_name, {}, nullptr};
}

std::string term_key(const Term& t) {
    std::string key = t.is_iri ? "<" : "\"";
    key += t.datatype;
    key += '>';
    key += t.text;
    repair_utf8(key);
    return key;
}

std::vector<const Provenance*> sorted_provenance(const Fact& f) {
    std::vector<const Provenance*> prov;
    prov.reserve(f.provenance.size());
    for (const auto& p : f.provenance) prov.push_back(&p);
    std::sort(prov.begin(), prov.end(), [](const Provenance* a, const Provenance* b) {
        return std::tie(a->source_uri, a->span_begin, a->span_end, a->sentence) <
               std::tie(b->source_uri, b->span_begin, b->span_end, b->sentence);
    });
    return prov;
}

}  // namespace kg::rdf
