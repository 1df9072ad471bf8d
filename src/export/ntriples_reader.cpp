#include "kg/export/ntriples_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "kg/error.hpp"
#include "kg/source/utf8.hpp"

namespace kg {
namespace {

constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
constexpr std::string_view kKgRelation = "urn:kg:relation:";
constexpr std::string_view kKgValue = "urn:kg:value:";
constexpr std::string_view kKgFact = "urn:kg:fact:";
constexpr std::string_view kKgVocab = "urn:kg:vocab:";
constexpr std::string_view kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
constexpr std::string_view kRdfStatement = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement";
constexpr std::string_view kKgProvenance = "urn:kg:vocab:Provenance";

// One line's terms, read left to right.
class LineReader {
  public:
    LineReader(std::string_view line, std::string_view name, std::size_t line_no)
        : s_(line), name_(name), line_no_(line_no) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(std::string(name_) + ":" + std::to_string(line_no_) + ": " + what);
    }
    void skip_blanks() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    }
    bool at_end_or_comment() {
        skip_blanks();
        return i_ == s_.size() || s_[i_] == '#';
    }
    char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
    // The '.' that ends a triple, then nothing but a comment.
    void finish() {
        skip_blanks();
        if (peek() != '.') fail("expected '.' at the end of the triple");
        ++i_;
        if (!at_end_or_comment()) fail("text after the end of the triple");
    }

    RdfTerm term(bool literal_allowed) {
        skip_blanks();
        if (peek() == '<') return iri();
        if (s_.substr(i_).starts_with("_:")) return blank();
        if (literal_allowed && peek() == '"') return literal();
        fail(literal_allowed ? "expected <IRI>, _:blank or \"literal\""
                             : "expected <IRI> or _:blank");
    }
    RdfTerm iri() {
        ++i_;  // '<'
        RdfTerm t;
        while (i_ < s_.size() && s_[i_] != '>') {
            if (s_[i_] == '\\') {
                escape(t.value, false);
                continue;
            }
            if (static_cast<unsigned char>(s_[i_]) <= 0x20 || s_[i_] == '<' || s_[i_] == '"')
                fail("a character an IRI may not hold");
            t.value += s_[i_++];
        }
        if (i_ == s_.size()) fail("an IRI without its closing '>'");
        ++i_;
        return t;
    }

  private:
    RdfTerm blank() {
        i_ += 2;
        RdfTerm t;
        t.kind = RdfTerm::Kind::Blank;
        while (i_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[i_])) &&
               !(s_[i_] == '.' && (i_ + 1 == s_.size() || s_[i_ + 1] == ' ' || s_[i_ + 1] == '\t')))
            t.value += s_[i_++];
        if (t.value.empty()) fail("a blank node without a label");
        return t;
    }
    RdfTerm literal() {
        ++i_;  // '"'
        RdfTerm t;
        t.kind = RdfTerm::Kind::Literal;
        while (i_ < s_.size() && s_[i_] != '"') {
            if (s_[i_] == '\\') {
                escape(t.value, true);
                continue;
            }
            t.value += s_[i_++];
        }
        if (i_ == s_.size()) fail("a literal without its closing '\"'");
        ++i_;
        if (peek() == '@') {
            ++i_;
            while (i_ < s_.size() &&
                   (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-'))
                t.language += s_[i_++];
            if (t.language.empty()) fail("'@' without a language tag");
        } else if (s_.substr(i_).starts_with("^^")) {
            i_ += 2;
            if (peek() != '<') fail("'^^' without a datatype <IRI>");
            t.datatype = iri().value;
        }
        return t;
    }
    // After a backslash: \t \b \n \r \f \" \' \\ (literals only), \uXXXX, \UXXXXXXXX.
    void escape(std::string& out, bool in_literal) {
        ++i_;
        const char c = peek();
        if (c == 'u' || c == 'U') {
            const std::size_t n = c == 'u' ? 4 : 8;
            unsigned long cp = 0;
            const auto hex = s_.substr(i_ + 1, n);
            const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16);
            if (hex.size() != n || ec != std::errc() || end != hex.data() + hex.size())
                fail(std::string("\\") + c + " needs " + std::to_string(n) + " hex digits");
            append_utf8(out, static_cast<char32_t>(cp));
            i_ += 1 + n;
            return;
        }
        static constexpr std::string_view kFrom = "tbnrf\"'\\", kTo = "\t\b\n\r\f\"'\\";
        const std::size_t k = kFrom.find(c);
        if (!in_literal || c == '\0' || k == std::string_view::npos)
            fail(std::string("an unknown escape \\") + c);
        out += kTo[k];
        ++i_;
    }

    std::string_view s_;
    std::string_view name_;
    std::size_t line_no_;
    std::size_t i_ = 0;
};

bool is_one_of(std::string_view iri, std::initializer_list<std::string_view> iris) {
    for (auto x : iris)
        if (iri == x) return true;
    return false;
}

// schema.org's http and https forms both name its terms.
std::string_view schema_term(std::string_view iri) {
    for (std::string_view ns : {"https://schema.org/", "http://schema.org/"})
        if (iri.starts_with(ns)) return iri.substr(ns.size());
    return {};
}

bool is_name_predicate(std::string_view p) {
    return schema_term(p) == "name" ||
           is_one_of(
               p, {"http://www.w3.org/2000/01/rdf-schema#label", "http://xmlns.com/foaf/0.1/name",
                   "http://www.w3.org/2004/02/skos/core#prefLabel"});
}

bool is_alias_predicate(std::string_view p) {
    return schema_term(p) == "alternateName" || p == "http://www.w3.org/2004/02/skos/core#altLabel";
}

std::optional<EntityType> type_of_class(std::string_view iri) {
    const std::string_view c = schema_term(iri);
    if (c == "Organization" || c == "Corporation" || c == "NewsMediaOrganization" ||
        c == "GovernmentOrganization" || c == "EducationalOrganization" || c == "NGO")
        return EntityType::Organization;
    if (c == "Person") return EntityType::Person;
    if (c == "Place" || c == "Country" || c == "City" || c == "State" || c == "AdministrativeArea")
        return EntityType::Place;
    if (c == "Product" || c == "SoftwareApplication") return EntityType::Product;
    if (c == "Event") return EntityType::Event;
    if (c == "Thing") return EntityType::Other;
    return std::nullopt;
}

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned value = 0;
        if (s[i] == '%' && i + 2 < s.size() &&
            std::from_chars(s.data() + i + 1, s.data() + i + 3, value, 16).ptr ==
                s.data() + i + 3) {
            out += static_cast<char>(value);
            i += 2;
        } else {
            out += s[i];
        }
    }
    repair_utf8(out);
    return out;
}

// "http://x.org/rel/foundedBy" -> "foundedBy"; kg's own "urn:kg:relation:R" -> R.
std::string last_segment(std::string_view iri) {
    if (iri.starts_with(kKgRelation)) return percent_decoded(iri.substr(kKgRelation.size()));
    const std::size_t cut = iri.find_last_of("#/:");
    const std::string_view tail = cut == std::string_view::npos ? iri : iri.substr(cut + 1);
    return percent_decoded(tail.empty() ? iri : tail);
}

// kg's relation style: "foundedBy", "founded_by" -> "founded-by".
std::string relation_name(std::string_view predicate) {
    const std::string raw = last_segment(predicate);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (std::isupper(static_cast<unsigned char>(c)) && i > 0 &&
            std::islower(static_cast<unsigned char>(raw[i - 1])))
            out += '-';
        out += (c == '_' || c == ' ')
                   ? '-'
                   : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// kg's amount nodes are named by what they say:
// urn:kg:value:money:USD:1000000000[:atleast], percent:2, quantity:users:28000000.
std::optional<Value> value_of_kg_iri(std::string_view iri) {
    if (!iri.starts_with(kKgValue)) return std::nullopt;
    std::vector<std::string> parts;
    std::string_view rest = iri.substr(kKgValue.size());
    for (std::size_t at; (at = rest.find(':')) != std::string_view::npos;
         rest.remove_prefix(at + 1))
        parts.push_back(percent_decoded(rest.substr(0, at)));
    parts.push_back(percent_decoded(rest));
    Value v;
    std::size_t amount_at = 1;
    if (parts[0] == "money" && parts.size() >= 3) {
        v.kind = ValueKind::Money;
        v.currency = parts[1];
        amount_at = 2;
    } else if (parts[0] == "percent" && parts.size() >= 2) {
        v.kind = ValueKind::Percent;
    } else if (parts[0] == "quantity" && parts.size() >= 3) {
        v.kind = ValueKind::Quantity;
        v.unit = parts[1];
        amount_at = 2;
    } else {
        return std::nullopt;
    }
    const std::string& amount = parts[amount_at];
    if (std::from_chars(amount.data(), amount.data() + amount.size(), v.amount).ec != std::errc())
        return std::nullopt;
    if (amount_at + 1 < parts.size()) {
        const std::string& bound = parts[amount_at + 1];
        v.bound = bound == "atleast"  ? Bound::AtLeast
                  : bound == "atmost" ? Bound::AtMost
                  : bound == "about"  ? Bound::About
                                      : Bound::Exact;
    }
    v.text = v.display();
    return v;
}

Value value_of_literal(const RdfTerm& t) {
    Value v;
    v.text = t.value;
    if (!t.datatype.starts_with(kXsd)) return v;
    const std::string_view type = std::string_view(t.datatype).substr(kXsd.size());
    if (type == "date" || type == "gYear" || type == "gYearMonth" || type == "dateTime") {
        v.kind = ValueKind::Date;
        v.date = type == "dateTime" ? t.value.substr(0, 10) : t.value;
    } else if (is_one_of(type, {"integer", "decimal", "double", "float", "long", "int"})) {
        double x = 0;
        const auto [end, ec] = std::from_chars(t.value.data(), t.value.data() + t.value.size(), x);
        if (ec == std::errc() && end == t.value.data() + t.value.size()) {
            v.kind = ValueKind::Quantity;
            v.amount = x;
        }
    }
    return v;
}

// What an rdf:Statement of kg's export says about its fact.
struct Statement {
    const RdfTriple* first = nullptr;  // its first line: the imported fact's span
    const RdfTerm *subject = nullptr, *predicate = nullptr, *object = nullptr;
    bool negated = false;
    std::string modality;
    double confidence = 1.0;
    std::vector<std::pair<std::string, const RdfTerm*>> qualifiers;
};

constexpr std::string_view kKgQualifier = "urn:kg:qualifier:";

std::string key_of(const RdfTerm& t) {
    return (t.kind == RdfTerm::Kind::Blank ? "_:" : "") + t.value;
}

}  // namespace

std::vector<RdfTriple> parse_ntriples(std::string_view text, std::string_view name) {
    std::vector<RdfTriple> out;
    std::size_t line_no = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        const std::size_t begin = pos;
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        LineReader r(line, name, line_no);
        if (r.at_end_or_comment()) continue;
        RdfTriple t;
        t.subject = r.term(false);
        r.skip_blanks();
        if (r.peek() != '<') r.fail("expected the predicate <IRI>");
        t.predicate = r.iri();
        t.object = r.term(true);
        r.finish();
        t.begin = begin;
        t.end = begin + line.size();
        out.push_back(std::move(t));
    }
    return out;
}

Extraction facts_from_rdf(const std::vector<RdfTriple>& triples) {
    // First what the triples say about the nodes: names, aliases, types, and
    // which nodes are kg's descriptions of facts rather than things.
    std::map<std::string, std::string> names;
    std::map<std::string, std::vector<std::string>> aliases;
    std::map<std::string, EntityType> types;
    std::set<std::string> descriptions;
    std::set<std::string> statement_nodes;  // typed rdf:Statement
    std::map<std::string, Statement> statements;
    for (const auto& t : triples) {
        const std::string s = key_of(t.subject);
        const std::string_view p = t.predicate.value;
        if (p.starts_with(kRdf) || p.starts_with(kKgVocab) || p.starts_with(kKgQualifier)) {
            Statement& st = statements[s];  // kept only if it turns out to be one
            if (!st.first) st.first = &t;
            const std::string_view local = p.substr(p.find_last_of("#:") + 1);
            if (p.starts_with(kRdf) && local == "subject") st.subject = &t.object;
            if (p.starts_with(kRdf) && local == "predicate") st.predicate = &t.object;
            if (p.starts_with(kRdf) && local == "object") st.object = &t.object;
            if (p.starts_with(kKgVocab) && local == "negated")
                st.negated = t.object.value == "true";
            if (p.starts_with(kKgVocab) && local == "modality") st.modality = t.object.value;
            if (p.starts_with(kKgVocab) && local == "confidence")
                std::from_chars(t.object.value.data(),
                                t.object.value.data() + t.object.value.size(), st.confidence);
            if (p.starts_with(kKgQualifier))
                st.qualifiers.emplace_back(percent_decoded(p.substr(kKgQualifier.size())),
                                           &t.object);
        }
        if (t.subject.kind == RdfTerm::Kind::Iri &&
            (t.subject.value.starts_with(kKgValue) || t.subject.value.starts_with(kKgFact)))
            descriptions.insert(s);
        if (t.object.kind == RdfTerm::Kind::Literal) {
            if (is_name_predicate(p)) names.try_emplace(s, t.object.value);
            if (is_alias_predicate(p)) aliases[s].push_back(t.object.value);
        } else if (p == kRdfType) {
            const std::string_view c = t.object.value;
            if (c == kRdfStatement) statement_nodes.insert(s);
            if (c == kRdfStatement || c == kKgProvenance || schema_term(c) == "MonetaryAmount" ||
                schema_term(c) == "QuantitativeValue")
                descriptions.insert(s);
            else if (auto type = type_of_class(c))
                types[s] = *type;
        }
    }
    auto entity = [&](const RdfTerm& node) {
        const std::string k = key_of(node);
        Argument a;
        const auto named = names.find(k);
        a.text = named != names.end()                ? named->second
                 : node.kind == RdfTerm::Kind::Blank ? "_:" + node.value
                                                     : last_segment(node.value);
        repair_utf8(a.text);
        if (const auto t = types.find(k); t != types.end()) a.type = t->second;
        if (const auto al = aliases.find(k); al != aliases.end()) a.aliases = al->second;
        return a;
    };

    auto value_or_entity = [&](const RdfTerm& node, Argument& out) {
        if (node.kind == RdfTerm::Kind::Literal) {
            out.is_value = true;
            out.value = value_of_literal(node);
            repair_utf8(out.value.text);
            out.text = out.value.text;
        } else if (auto v = value_of_kg_iri(node.value); v && node.kind == RdfTerm::Kind::Iri) {
            out.is_value = true;
            out.value = *v;
            out.text = v->text;
        } else {
            out = entity(node);
        }
    };

    Extraction ex;
    // kg's own export describes every fact, denied ones too, as an
    // rdf:Statement with its qualifiers: those are read as the facts, and
    // the plain triples they stand behind are not read twice.
    std::set<std::tuple<std::string, std::string, std::string>> described;
    std::vector<const Statement*> ordered;
    for (const auto& [node, st] : statements)
        if (st.subject && st.predicate && st.object && statement_nodes.count(node))
            ordered.push_back(&st);
    std::sort(ordered.begin(), ordered.end(),
              [](const Statement* a, const Statement* b) { return a->first < b->first; });
    for (const Statement* st : ordered) {
        Triple f;
        f.subject = entity(*st->subject);
        f.relation = relation_name(st->predicate->value);
        if (f.relation.empty()) continue;
        value_or_entity(*st->object, f.object);
        f.negated = st->negated;
        f.modality = st->modality;
        f.confidence = st->confidence;
        for (const auto& [name, term] : st->qualifiers) {
            Argument q;
            value_or_entity(*term, q);
            if (q.is_value) f.qualifiers[name] = q.value;
        }
        f.span_begin = st->first->begin;
        f.span_end = st->first->end;
        described.emplace(key_of(*st->subject), st->predicate->value, key_of(*st->object));
        ex.triples.push_back(std::move(f));
    }

    for (const auto& t : triples) {
        if (described.count({key_of(t.subject), t.predicate.value, key_of(t.object)})) continue;
        const std::string_view p = t.predicate.value;
        if (descriptions.count(key_of(t.subject)) || is_name_predicate(p) ||
            is_alias_predicate(p) || p == kRdfType || p.starts_with(kKgVocab))
            continue;
        Triple f;
        f.subject = entity(t.subject);
        f.relation = relation_name(p);
        if (f.relation.empty()) continue;
        value_or_entity(t.object, f.object);
        f.confidence = 1.0;
        f.span_begin = t.begin;
        f.span_end = t.end;
        ex.triples.push_back(std::move(f));
    }
    ex.sentences = triples.size();
    return ex;
}

}  // namespace kg
