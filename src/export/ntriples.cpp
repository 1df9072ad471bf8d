#include "kg/export/ntriples.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kg/source/utf8.hpp"
#include "rdf_terms.hpp"

namespace kg {
namespace {

std::string iri(std::string_view ns, std::string_view local = {}) {
    std::string out;
    out.reserve(ns.size() + local.size() + 2);
    out += '<';
    out += ns;
    out += local;
    out += '>';
    return out;
}

// The predicates, written once.
struct Vocab {
    std::string type = iri(rdf::kRdfNs, "type");
    std::string subject = iri(rdf::kRdfNs, "subject");
    std::string predicate = iri(rdf::kRdfNs, "predicate");
    std::string object = iri(rdf::kRdfNs, "object");
    std::string name = iri(rdf::kSchemaNs, "name");
    std::string alternate_name = iri(rdf::kSchemaNs, "alternateName");
    std::string currency = iri(rdf::kSchemaNs, "currency");
    std::string unit_code = iri(rdf::kSchemaNs, "unitCode");
    std::string unit_text = iri(rdf::kSchemaNs, "unitText");
    std::string mentions = iri(rdf::kVocabNs, "mentions");
    std::string bound = iri(rdf::kVocabNs, "bound");
    std::string negated = iri(rdf::kVocabNs, "negated");
    std::string confidence = iri(rdf::kVocabNs, "confidence");
    std::string modality = iri(rdf::kVocabNs, "modality");
    std::string provenance = iri(rdf::kVocabNs, "provenance");
    std::string source = iri(rdf::kVocabNs, "source");
    std::string sentence = iri(rdf::kVocabNs, "sentence");
    std::string span_begin = iri(rdf::kVocabNs, "spanBegin");
    std::string span_end = iri(rdf::kVocabNs, "spanEnd");
    std::string extractor = iri(rdf::kVocabNs, "extractor");
};

// STRING_LITERAL_QUOTE's body. C1 controls (U+0080..U+009F) are escaped too:
// some readers take U+0085 for a line break.
void append_escaped(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string repaired;
    if (!is_valid_utf8(text)) {
        repaired.assign(text);
        repair_utf8(repaired);
        text = repaired;
    }
    auto uchar = [&](unsigned char c) {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    uchar(c);
                } else if (c == 0xC2 && i + 1 < text.size() &&
                           static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
                    uchar(static_cast<unsigned char>(text[++i]));  // valid UTF-8: >= 0x80
                } else {
                    out += text[i];
                }
        }
    }
}

// Lines go to a buffer that is written out in large pieces.
class LineWriter {
  public:
    explicit LineWriter(std::ostream& out) : out_(out) { buf_.reserve(kFlushAt + 4096); }

    void subject_iri(std::string_view subject) {
        subject_.assign(1, '<');
        subject_ += subject;
        subject_ += '>';
    }
    void subject_blank(std::size_t n) { subject_ = blank(n); }

    // The object `object_iri` + `local` (an IRI).
    void iri_object(std::string_view predicate, std::string_view object_iri,
                    std::string_view local = {}) {
        start(predicate);
        buf_ += '<';
        buf_ += object_iri;
        buf_ += local;
        buf_ += '>';
        end();
    }
    void blank_object(std::string_view predicate, std::size_t n) {
        start(predicate);
        buf_ += blank(n);
        end();
    }
    // A literal, typed when `xsd_type` (a local name) is given.
    void literal(std::string_view predicate, std::string_view text,
                 std::string_view xsd_type = {}) {
        start(predicate);
        buf_ += '"';
        append_escaped(buf_, text);
        buf_ += '"';
        if (!xsd_type.empty()) {
            buf_ += "^^<";
            buf_ += rdf::kXsdNs;
            buf_ += xsd_type;
            buf_ += '>';
        }
        end();
    }
    void term(std::string_view predicate, const rdf::Term& t) {
        if (t.is_iri) {
            iri_object(predicate, t.text);
        } else {
            literal(predicate, t.text, t.datatype);
        }
    }
    // JSON writes no NaN or infinity (the JSON-LD writer gives null, which
    // drops the property), so neither does this.
    void double_literal(std::string_view predicate, double x) {
        if (std::isfinite(x)) literal(predicate, rdf::double_lexical(x), "double");
    }
    template <typename Int>
    void integer_literal(std::string_view predicate, Int n) {
        literal(predicate, std::to_string(n), "integer");
    }
    void boolean_literal(std::string_view predicate, bool b) {
        literal(predicate, b ? "true" : "false", "boolean");
    }

    void flush() {
        out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
    }

  private:
    static constexpr std::size_t kFlushAt = 1 << 16;

    static std::string blank(std::size_t n) { return "_:p" + std::to_string(n); }
    void start(std::string_view predicate) {
        buf_ += subject_;
        buf_ += ' ';
        buf_ += predicate;
        buf_ += ' ';
    }
    void end() {
        buf_ += " .\n";
        if (buf_.size() >= kFlushAt) flush();
    }

    std::ostream& out_;
    std::string buf_;
    std::string subject_;
};

// An entity to describe: from the snapshot, or (entity == nullptr) one a
// fact mentions but the snapshot lacks, named by the first such fact.
struct EntityRow {
    EntityId id = 0;
    const Entity* entity = nullptr;
    std::string_view name;
};

std::vector<EntityRow> entity_rows(const GraphSnapshot& graph,
                                   const std::vector<const Fact*>& facts) {
    std::vector<const Entity*> known;
    known.reserve(graph.entities.size());
    for (const auto& e : graph.entities) known.push_back(&e);
    auto by_id = [](const Entity* a, const Entity* b) { return a->id < b->id; };
    std::stable_sort(known.begin(), known.end(), by_id);
    // The first of equal ids wins, as in the JSON-LD writer.
    known.erase(std::unique(known.begin(), known.end(),
                            [](const Entity* a, const Entity* b) { return a->id == b->id; }),
                known.end());

    auto is_known = [&](EntityId id) {
        auto it = std::lower_bound(known.begin(), known.end(), id,
                                   [](const Entity* e, EntityId x) { return e->id < x; });
        return it != known.end() && (*it)->id == id;
    };
    std::map<EntityId, std::string_view> missing;
    for (const Fact* f : facts) {
        if (!is_known(f->subject)) missing.try_emplace(f->subject, f->subject_name);
        if (f->object_entity && !is_known(*f->object_entity))
            missing.try_emplace(*f->object_entity, f->object_name);
    }

    std::vector<EntityRow> rows;
    rows.reserve(known.size() + missing.size());
    auto m = missing.begin();
    for (const Entity* e : known) {
        for (; m != missing.end() && m->first < e->id; ++m)
            rows.push_back({m->first, nullptr, m->second});
        rows.push_back({e->id, e, e->name});
    }
    for (; m != missing.end(); ++m) rows.push_back({m->first, nullptr, m->second});
    return rows;
}

void write_entity(LineWriter& w, const Vocab& v, const EntityRow& row) {
    w.subject_iri(rdf::entity_iri(row.id));
    if (row.entity) w.iri_object(v.type, rdf::kSchemaNs, rdf::schema_class(row.entity->type));
    w.literal(v.name, row.name);
    if (!row.entity) return;
    std::vector<std::string_view> aliases(row.entity->aliases.begin(), row.entity->aliases.end());
    std::sort(aliases.begin(), aliases.end());
    aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
    for (std::string_view alias : aliases) w.literal(v.alternate_name, alias);
    if (row.entity->mentions > 0) w.integer_literal(v.mentions, row.entity->mentions);
}

void write_provenance(LineWriter& w, const Vocab& v, const Provenance& p, std::size_t label) {
    w.subject_blank(label);
    w.iri_object(v.type, rdf::kVocabNs, "Provenance");
    w.literal(v.source, p.source_uri, "anyURI");
    w.literal(v.sentence, p.sentence);
    w.integer_literal(v.span_begin, p.span_begin);
    w.integer_literal(v.span_end, p.span_end);
    if (!p.extractor.empty()) w.literal(v.extractor, p.extractor);
    w.double_literal(v.confidence, p.confidence);
}

void write_amount(LineWriter& w, const Vocab& v, const rdf::AmountNode& a) {
    w.subject_iri(a.iri);
    w.iri_object(v.type, rdf::kSchemaNs, a.type);
    w.literal(v.name, a.name);
    w.literal(iri(rdf::kSchemaNs, a.slot), a.amount, "decimal");
    if (a.about) w.literal(v.bound, rdf::kAbout);
    if (!a.currency.empty()) w.literal(v.currency, a.currency);
    if (!a.unit_code.empty()) w.literal(v.unit_code, a.unit_code);
    if (!a.unit_text.empty()) w.literal(v.unit_text, a.unit_text);
}

}  // namespace

void write_ntriples(const GraphSnapshot& graph, std::ostream& out) {
    std::vector<const Fact*> facts;
    facts.reserve(graph.facts.size());
    for (const auto& f : graph.facts) facts.push_back(&f);
    std::stable_sort(facts.begin(), facts.end(),
                     [](const Fact* a, const Fact* b) { return a->id < b->id; });
    std::vector<const Fact*> by_subject = facts;  // then by id
    std::stable_sort(by_subject.begin(), by_subject.end(),
                     [](const Fact* a, const Fact* b) { return a->subject < b->subject; });

    const Vocab v;
    LineWriter w(out);

    // Entities, each with the triples its facts assert. Every subject has a
    // row, so the facts are consumed in step with the rows.
    std::size_t next = 0;
    std::set<std::pair<std::string_view, std::string>> asserted;  // this subject's
    for (const EntityRow& row : entity_rows(graph, facts)) {
        write_entity(w, v, row);
        asserted.clear();
        for (; next < by_subject.size() && by_subject[next]->subject <= row.id; ++next) {
            const Fact& f = *by_subject[next];
            if (f.subject != row.id || f.negated) continue;  // a denial is never asserted
            rdf::Term object = rdf::object_term(f);
            // Facts differing only in qualifiers or modality assert the same triple once.
            if (!asserted.emplace(f.relation, rdf::term_key(object)).second) continue;
            w.term(iri(rdf::relation_iri(f.relation)), object);
        }
    }

    // One statement per fact; amount nodes are described once, at the end.
    std::map<std::string, const Value*> amounts;
    auto note = [&](const rdf::Term& t) {
        if (t.amount) amounts.try_emplace(t.text, t.amount);
    };
    std::size_t blanks = 0;
    for (const Fact* f : facts) {
        w.subject_iri(rdf::fact_iri(f->id));
        w.iri_object(v.type, rdf::kRdfNs, "Statement");
        w.iri_object(v.subject, rdf::entity_iri(f->subject));
        w.iri_object(v.predicate, rdf::relation_iri(f->relation));
        rdf::Term object = rdf::object_term(*f);
        note(object);
        w.term(v.object, object);
        w.boolean_literal(v.negated, f->negated);
        w.double_literal(v.confidence, f->confidence);
        if (!f->modality.empty()) w.literal(v.modality, f->modality);
        for (const auto& [name, value] : f->qualifiers) {
            rdf::Term term = rdf::value_term(value);
            note(term);
            w.term(iri(rdf::qualifier_iri(name)), term);
        }
        const std::vector<const Provenance*> prov = rdf::sorted_provenance(*f);
        for (std::size_t i = 1; i <= prov.size(); ++i) w.blank_object(v.provenance, blanks + i);
        for (const Provenance* p : prov) write_provenance(w, v, *p, ++blanks);
    }

    for (const auto& [value_iri, value] : amounts) write_amount(w, v, rdf::amount_node(*value));
    w.flush();
}

}  // namespace kg
