#include "kg/extract/rule_extractor.hpp"

#include <array>
#include <optional>
#include <string>

#include "kg/extract/document_resolution.hpp"
#include "kg/extract/mention_finder.hpp"
#include "kg/extract/value_parser.hpp"
#include "kg/nlp/tokenizer.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

constexpr double kPatternConfidence = 0.9;
constexpr double kRoleConfidence = 0.8;
// How far after the object a "for $X" or "in 2019" still qualifies the fact.
constexpr std::size_t kQualifierWindow = 12;

constexpr std::array<std::string_view, 8> kBeForms{"is", "was",  "are",   "were",
                                                   "be", "been", "being", "'s"};
constexpr std::array<std::string_view, 6> kDeterminers{"the", "a", "an", "its", "their", "his"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view lower) {
    for (auto w : list)
        if (w == lower) return true;
    return false;
}

// Words allowed between a subject and its verb, and what they say about the fact.
struct AuxEffect {
    std::string_view word;
    bool negates;
    std::string_view modality;
};

constexpr std::array<AuxEffect, 32> kAuxiliaries{{
    {"has", false, ""},         {"have", false, ""},
    {"had", false, ""},         {"is", false, ""},
    {"was", false, ""},         {"are", false, ""},
    {"were", false, ""},        {"be", false, ""},
    {"been", false, ""},        {"being", false, ""},
    {"did", false, ""},         {"does", false, ""},
    {"do", false, ""},          {"also", false, ""},
    {"already", false, ""},     {"recently", false, ""},
    {"previously", false, ""},  {"then", false, ""},
    {"first", false, ""},       {"officially", false, ""},
    {"finally", false, ""},     {"not", true, ""},
    {"n't", true, ""},          {"never", true, ""},
    {"may", false, "hedged"},   {"might", false, "hedged"},
    {"could", false, "hedged"}, {"reportedly", false, "reported"},
    {"will", false, "planned"}, {"would", false, "hedged"},
    {"to", false, ""},          {"agreed", false, ""},
}};

const AuxEffect* auxiliary(std::string_view lower) {
    for (const auto& a : kAuxiliaries)
        if (a.word == lower) return &a;
    return nullptr;
}

struct Spans {
    std::vector<MentionSpan> mentions;
    std::vector<ValueSpan> values;
    std::vector<int> mention_start, mention_end, value_start;  // token -> index or -1
};

Spans analyze(const Sentence& s) {
    Spans a;
    a.mentions = find_mentions(s);
    a.values = find_values(s);
    const auto n = s.tokens.size();
    a.mention_start.assign(n, -1);
    a.mention_end.assign(n, -1);
    a.value_start.assign(n, -1);
    for (std::size_t m = 0; m < a.mentions.size(); ++m) {
        a.mention_start[a.mentions[m].first] = static_cast<int>(m);
        a.mention_end[a.mentions[m].last - 1] = static_cast<int>(m);
    }
    for (std::size_t v = 0; v < a.values.size(); ++v)
        a.value_start[a.values[v].first] = static_cast<int>(v);
    return a;
}

Argument entity_argument(const MentionSpan& m, const std::string& type_hint) {
    Argument a;
    a.text = m.text;
    a.type = m.type;
    if (a.type == EntityType::Other && type_hint != "any")
        a.type = entity_type_from_string(type_hint);
    return a;
}

Argument value_argument(const ValueSpan& v) {
    Argument a;
    a.is_value = true;
    a.text = v.value.text;
    a.value = v.value;
    return a;
}

std::string lower(const Sentence& s, std::size_t i) {
    return i < s.tokens.size() ? to_lower_ascii(s.tokens[i].form) : std::string{};
}

class SentenceExtraction {
  public:
    SentenceExtraction(const Sentence& s, const RelationLexicon& relations,
                       const RoleLexicon& roles)
        : s_(s), relations_(relations), roles_(roles), spans_(analyze(s)) {}

    const std::vector<MentionSpan>& mentions() const { return spans_.mentions; }

    std::vector<Triple> run() {
        for (std::size_t i = 0; i < s_.tokens.size(); ++i) {
            if (spans_.value_start[i] >= 0 || inside_mention(i)) continue;
            for (const RelationRule* rule : relations_.rules_for(lower(s_, i))) verb_at(i, *rule);
        }
        roles();
        sentence_initial_date();
        return std::move(out_);
    }

  private:
    bool inside_mention(std::size_t i) const {
        for (const auto& m : spans_.mentions)
            if (i >= m.first && i < m.last) return true;
        return false;
    }

    std::optional<std::size_t> mention_starting(std::size_t j) const {
        if (j < s_.tokens.size() && in(kDeterminers, lower(s_, j))) ++j;
        if (j < s_.tokens.size() && spans_.mention_start[j] >= 0)
            return static_cast<std::size_t>(spans_.mention_start[j]);
        return std::nullopt;
    }

    std::optional<std::size_t> value_starting(std::size_t j, std::string_view kind) const {
        if (j < s_.tokens.size() && spans_.value_start[j] >= 0) {
            const auto v = static_cast<std::size_t>(spans_.value_start[j]);
            if (kind == "any" || to_string(spans_.values[v].value.kind) == kind) return v;
        }
        return std::nullopt;
    }

    // Scans left from the verb over auxiliaries to the subject mention(s).
    struct Subject {
        std::vector<std::size_t> mentions;
        bool negated = false;
        bool passive = false;
        std::string modality;
    };

    // `lemma` tells a participle ("valued") from the base form after "be".
    std::optional<Subject> subject_before(std::size_t verb, std::string_view lemma) const {
        Subject subj;
        bool saw_be = false;
        std::size_t k = verb;
        while (k > 0) {
            const auto w = lower(s_, k - 1);
            const AuxEffect* aux = auxiliary(w);
            if (!aux) break;
            if (aux->negates) subj.negated = true;
            if (!aux->modality.empty()) subj.modality = aux->modality;
            if (in(kBeForms, w)) saw_be = true;
            --k;
        }
        // "International Business Machines (IBM) acquired ...": skip the acronym.
        if (k >= 3 && s_.tokens[k - 1].form == ")" && s_.tokens[k - 3].form == "(") k -= 3;
        if (k == 0 || spans_.mention_end[k - 1] < 0) return std::nullopt;
        auto m = static_cast<std::size_t>(spans_.mention_end[k - 1]);
        subj.mentions.push_back(m);
        // "OpenAI and Microsoft revised ...": one fact per subject.
        const std::size_t first = spans_.mentions[m].first;
        if (first >= 2 && lower(s_, first - 1) == "and" && spans_.mention_end[first - 2] >= 0)
            subj.mentions.push_back(static_cast<std::size_t>(spans_.mention_end[first - 2]));
        subj.passive = saw_be && lower(s_, verb) != lemma;
        return subj;
    }

    void verb_at(std::size_t i, const RelationRule& rule) {
        auto subject = subject_before(i, rule.verb);
        if (!subject) return;
        if (subject->passive && !rule.passive) {
            passive_with_agent(i, rule, *subject);
            return;
        }
        if (subject->passive != rule.passive) return;

        std::size_t j = i + 1;
        std::optional<std::size_t> amount;
        if (!rule.preposition.empty() || !rule.words.empty()) {
            // "invested $1 billion in OpenAI": the amount sits between verb and preposition.
            if (auto v = value_starting(j, "money")) {
                amount = v;
                j = spans_.values[*v].last;
            }
        }
        // "was founded in 2021 by Dario Amodei": a dated phrase before the preposition.
        std::optional<std::size_t> date;
        if (rule.preposition != "in" && (lower(s_, j) == "in" || lower(s_, j) == "on")) {
            if (auto v = value_starting(j + 1, "date")) {
                date = v;
                j = spans_.values[*v].last;
            }
        }
        while (j < s_.tokens.size() && lower(s_, j).size() > 2 &&
               lower(s_, j).substr(lower(s_, j).size() - 2) == "ly")
            ++j;  // adverbs: "invested heavily in"
        for (const auto& word : rule.words) {
            if (j < s_.tokens.size() && in(kDeterminers, lower(s_, j))) ++j;
            if (lower(s_, j) != word) return;
            ++j;
        }
        if (!rule.preposition.empty()) {
            if (lower(s_, j) != rule.preposition) return;
            ++j;
        }
        Argument object;
        std::size_t object_end = 0;
        if (rule.object_is_value() || rule.object_type == "any") {
            if (auto v = value_starting(j, rule.object_is_value() ? rule.object_type : "any")) {
                object = value_argument(spans_.values[*v]);
                object_end = spans_.values[*v].last;
            }
        }
        if (object_end == 0 && !rule.object_is_value()) {
            if (auto m = mention_starting(j)) {
                object = entity_argument(spans_.mentions[*m], rule.object_type);
                object_end = spans_.mentions[*m].last;
            }
        }
        if (object_end == 0) return;
        for (auto m : subject->mentions) {
            Triple t = make_triple(entity_argument(spans_.mentions[m], rule.subject_type),
                                   rule.relation, object, *subject);
            if (amount) t.qualifiers["amount"] = spans_.values[*amount].value;
            if (date) t.qualifiers["date"] = spans_.values[*date].value;
            qualify(t, object_end);
            out_.push_back(t);
            if (!object.is_value) role_after_object(object, t.subject, object_end);
        }
    }

    // "Mellanox was acquired by Nvidia": the agent is the subject.
    void passive_with_agent(std::size_t i, const RelationRule& rule, const Subject& patient) {
        if (!rule.preposition.empty() || !rule.words.empty() || rule.object_is_value()) return;
        std::size_t j = i + 1;
        std::optional<std::size_t> date;  // "was founded in 1999 by Eyal Waldman"
        if (lower(s_, j) == "in" || lower(s_, j) == "on") {
            if (auto v = value_starting(j + 1, "date")) {
                date = v;
                j = spans_.values[*v].last;
            }
        }
        if (lower(s_, j) != "by") return;
        auto agent = mention_starting(j + 1);
        if (!agent) return;
        const auto& a = spans_.mentions[*agent];
        for (auto m : patient.mentions) {
            Triple t = make_triple(entity_argument(a, rule.subject_type), rule.relation,
                                   entity_argument(spans_.mentions[m], rule.object_type), patient);
            if (date) t.qualifiers["date"] = spans_.values[*date].value;
            qualify(t, a.last);
            out_.push_back(t);
        }
    }

    // "... named Andy Jassy as its chief executive": the object holds a role at the subject.
    void role_after_object(const Argument& person, const Argument& org, std::size_t j) {
        if (lower(s_, j) != "as") return;
        ++j;
        if (in(kDeterminers, lower(s_, j))) ++j;
        std::size_t len = 0;
        if (const Role* role = roles_.match(s_.tokens, j, len)) {
            Argument p = person;
            p.type = EntityType::Person;
            Argument o = org;
            o.type = EntityType::Organization;
            out_.push_back(make_triple(p, role->relation, o, Subject{}, kRoleConfidence));
        }
    }

    // "Jensen Huang, the chief executive of Nvidia"; "Nvidia chief executive Jensen Huang";
    // "Amazon's chief executive, Andy Jassy"; "Satya Nadella is the CEO of Microsoft".
    void roles() {
        const auto n = s_.tokens.size();
        for (std::size_t m = 0; m < spans_.mentions.size(); ++m) {
            const auto& person = spans_.mentions[m];
            std::size_t j = person.last;
            if (j < n && (s_.tokens[j].form == "," || in(kBeForms, lower(s_, j)))) {
                ++j;
                if (in(kDeterminers, lower(s_, j))) ++j;
                std::size_t len = 0;
                const Role* role = roles_.match(s_.tokens, j, len);
                if (role && (lower(s_, j + len) == "of" || lower(s_, j + len) == "at")) {
                    if (auto org = mention_starting(j + len + 1))
                        add_role(person, spans_.mentions[*org], *role);
                }
            }
            // ORG ['s] TITLE [,] PERSON
            j = person.last;
            if (j < n && lower(s_, j) == "'s") ++j;
            std::size_t len = 0;
            if (const Role* role = roles_.match(s_.tokens, j, len)) {
                std::size_t k = j + len;
                if (k < n && s_.tokens[k].form == ",") ++k;
                if (k < n && spans_.mention_start[k] >= 0)
                    add_role(spans_.mentions[static_cast<std::size_t>(spans_.mention_start[k])],
                             person, *role);
            }
        }
    }

    void add_role(const MentionSpan& person, const MentionSpan& org, const Role& role) {
        Argument p = entity_argument(person, "Person");
        if (p.type == EntityType::Other) p.type = EntityType::Person;
        Argument o = entity_argument(org, "Organization");
        out_.push_back(make_triple(p, role.relation, o, Subject{}, kRoleConfidence));
    }

    // "In 2019, Microsoft invested ..." dates every fact of the sentence that has none.
    void sentence_initial_date() {
        if (s_.tokens.size() < 2) return;
        const auto w = lower(s_, 0);
        if (w != "in" && w != "on" && w != "since") return;
        if (auto v = value_starting(1, "date"))
            for (auto& t : out_)
                if (!t.qualifiers.count("date")) t.qualifiers["date"] = spans_.values[*v].value;
    }

    // Amount ("for $6.9 billion") and date ("in 2019") after the object.
    void qualify(Triple& t, std::size_t j) const {
        const auto end = std::min(s_.tokens.size(), j + kQualifierWindow);
        for (std::size_t k = j; k + 1 < end; ++k) {
            const auto w = lower(s_, k);
            if (w == ";" || w == "." || w == "which" || w == "who") break;
            if (w == "for" && !t.qualifiers.count("amount")) {
                if (auto v = value_starting(k + 1, "money"))
                    t.qualifiers["amount"] = spans_.values[*v].value;
            }
            if ((w == "in" || w == "on" || w == "since" || w == "during") &&
                !t.qualifiers.count("date")) {
                if (auto v = value_starting(k + 1, "date"))
                    t.qualifiers["date"] = spans_.values[*v].value;
            }
        }
    }

    Triple make_triple(Argument subject, const std::string& relation, Argument object,
                       const Subject& how, double confidence = kPatternConfidence) const {
        Triple t;
        t.subject = std::move(subject);
        t.relation = relation;
        t.object = std::move(object);
        t.negated = how.negated;
        t.modality = how.modality;
        t.confidence = confidence;
        t.span_begin = s_.begin;
        t.span_end = s_.end;
        return t;
    }

    const Sentence& s_;
    const RelationLexicon& relations_;
    const RoleLexicon& roles_;
    Spans spans_;
    std::vector<Triple> out_;
};

}  // namespace

RuleExtractor::RuleExtractor(RelationLexicon relations, RoleLexicon roles)
    : relations_(std::move(relations)), roles_(std::move(roles)) {}

std::unique_ptr<RuleExtractor> RuleExtractor::load_default() {
    return std::make_unique<RuleExtractor>(RelationLexicon::load_default(),
                                           RoleLexicon::load_default());
}

std::vector<Triple> RuleExtractor::extract_sentence(const Sentence& sentence,
                                                    std::vector<NameMention>* names) const {
    SentenceExtraction extraction(sentence, relations_, roles_);
    auto triples = extraction.run();
    if (names) {
        for (const auto& m : extraction.mentions())
            names->push_back(NameMention{m.text, m.type, sentence.tokens[m.first].begin,
                                         sentence.tokens[m.last - 1].end});
    }
    return triples;
}

Extraction RuleExtractor::extract(const Document& doc) const {
    Extraction out;
    std::vector<NameMention> names;
    for_each_sentence(doc.text, [&](Sentence&& s) {
        ++out.sentences;
        for (auto& t : extract_sentence(s, &names)) out.triples.push_back(std::move(t));
    });
    resolve_within_document(doc.text, names, out.triples);
    return out;
}

std::unique_ptr<Extractor> make_default_extractor() {
    return RuleExtractor::load_default();
}

}  // namespace kg
