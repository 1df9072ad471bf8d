#include "kg/extract/clause_extractor.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "kg/extract/clause.hpp"
#include "kg/extract/coreference.hpp"
#include "kg/extract/document_resolution.hpp"
#include "kg/extract/mention_finder.hpp"
#include "kg/extract/relative_date.hpp"
#include "kg/extract/value_parser.hpp"
#include "kg/nlp/tokenizer.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

using ArgRole = ClauseArgument::Role;
constexpr auto kNone = DependencyTree::kNone;

// A noun phrase longer than this is a description, not a node of the graph.
constexpr std::size_t kMaxConceptWords = 6;
constexpr double kUnlistedRelation = 0.75;  // confidence factor for verbs the lexicon lacks
constexpr double kResolvedReference = 0.85;

// Verbs that say nothing by themselves when their object names an action
// ("completed its acquisition of", "made an investment in").
constexpr std::array<std::string_view, 10> kLightVerbs{
    "make", "complete", "finalize", "close", "announce", "agree", "have", "do", "take", "give"};
// Description nouns that tell an entity's type ("Mellanox, an Israeli chipmaker").
constexpr std::array<std::string_view, 8> kPersonNouns{
    "executive", "founder", "investor", "analyst", "minister", "officer", "president", "director"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view w) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

std::string lower_form(const Sentence& s, std::size_t i) {
    return to_lower_ascii(s.tokens[i].form);
}

// What one argument of a clause denotes in the graph.
struct Resolved {
    std::vector<Argument> arguments;  // several for "they" = OpenAI and Microsoft
    bool by_reference = false;        // via a pronoun or "the company"
    bool is_concept = false;          // a common noun phrase, not a name
};

// Everything known about one sentence while its clauses become triples.
class SentenceFacts {
  public:
    SentenceFacts(const Sentence& s, const Document& doc, const EntityTagger* entities,
                  const RelationLexicon& relations, const RoleLexicon& roles,
                  CoreferenceResolver& coref)
        : s_(s),
          doc_(doc),
          tree_(s),
          relations_(relations),
          roles_(roles),
          coref_(coref),
          mentions_(find_names(s, entities)),
          values_(find_values(s)) {
        mention_at_.assign(s.tokens.size(), -1);
        value_at_.assign(s.tokens.size(), -1);
        for (std::size_t m = 0; m < mentions_.size(); ++m)
            for (auto i = mentions_[m].first; i < mentions_[m].last; ++i)
                mention_at_[i] = static_cast<int>(m);
        for (std::size_t v = 0; v < values_.size(); ++v)
            for (auto i = values_[v].first; i < values_[v].last; ++i)
                value_at_[i] = static_cast<int>(v);
        type_mentions_from_descriptions();
    }

    std::vector<Triple> run(std::vector<NameMention>& names) {
        const auto clauses = find_clauses(tree_);
        find_owners(clauses);
        coref_.add_sentence(tree_, mentions_);
        for (const auto& c : clauses) {
            switch (c.kind) {
                case ClauseKind::Verbal:
                    verbal(c);
                    break;
                case ClauseKind::Copular:
                    copular(c);
                    break;
                case ClauseKind::Apposition:
                    apposition(c);
                    break;
                case ClauseKind::Possessive:
                    possessive(c);
                    break;
            }
        }
        title_before_name();
        for (const auto& m : mentions_)
            names.push_back(
                NameMention{m.text, m.type, s_.tokens[m.first].begin, s_.tokens[m.last - 1].end});
        dedupe();
        return std::move(out_);
    }

  private:
    // "Mellanox, an Israeli chipmaker" and "the chief executive, Andy Jassy"
    // type names their descriptions make plain.
    void type_mentions_from_descriptions() {
        for (std::size_t i = 0; i < s_.tokens.size(); ++i) {
            if (tree_.relation(i) != "appos" || tree_.head(i) == kNone) continue;
            const auto h = tree_.head(i);
            const auto name = mention_at_[h] >= 0 ? h : i;
            const auto desc = name == h ? i : h;
            if (mention_at_[name] < 0 || mention_at_[desc] >= 0) continue;
            auto& m = mentions_[static_cast<std::size_t>(mention_at_[name])];
            if (m.type != EntityType::Other) continue;
            const auto head_word = to_lower_ascii(tree_.lemma(desc));
            if (CoreferenceResolver::is_description(head_word)) m.type = EntityType::Organization;
            std::size_t len = 0;
            if (in(kPersonNouns, head_word) || title_ending_at(desc, len))
                m.type = EntityType::Person;
        }
    }

    // Each value's clause: the nearest predicate above it. A date or amount
    // the parser hung on a noun ("for $69 billion in 2023") still qualifies
    // the clause it is in.
    void find_owners(const std::vector<Clause>& clauses) {
        std::vector<bool> predicate(s_.tokens.size(), false);
        for (const auto& c : clauses)
            if (c.kind == ClauseKind::Verbal || c.kind == ClauseKind::Copular)
                predicate[c.predicate] = true;
        value_owner_.assign(values_.size(), kNone);
        for (std::size_t v = 0; v < values_.size(); ++v) {
            auto t = values_[v].first;
            for (int depth = 0; t != kNone && depth < 64; ++depth) {
                if (predicate[t]) {
                    value_owner_[v] = t;
                    break;
                }
                t = tree_.head(t);
            }
        }
    }

    std::string span_text(std::size_t first, std::size_t last) const {
        return tokens_text(s_, first, last);
    }

    // The graph's view of an argument headed at `head` with words `span`.
    Resolved resolve(std::size_t head, DependencyTree::Span span, bool allow_concept) {
        Resolved r;
        if (value_at_[head] >= 0) {
            Argument a;
            a.is_value = true;
            a.value = values_[static_cast<std::size_t>(value_at_[head])].value;
            a.text = a.value.text;
            r.arguments.push_back(a);
            return r;
        }
        if (auto rel = relative_date_in(span)) {
            Argument a;
            a.is_value = true;
            a.value = *rel;
            a.text = rel->text;
            r.arguments.push_back(a);
            return r;
        }
        if (mention_at_[head] >= 0) {
            const auto& m = mentions_[static_cast<std::size_t>(mention_at_[head])];
            Argument a;
            a.text = m.text;
            a.type = m.type;
            r.arguments.push_back(a);
            return r;
        }
        const auto word = lower_form(s_, head);
        const auto upos = tree_.upos(head);
        if (upos == "PRON" || upos == "DET") {
            for (const auto& m : coref_.resolve(word, false, head)) {
                Argument a;
                a.text = m.name;
                a.type = m.type;
                r.arguments.push_back(a);
            }
            r.by_reference = true;
            return r;
        }
        if (upos != "NOUN" && upos != "PROPN" && upos != "NUM" && upos != "ADJ") return r;
        // "the company", "the start-up"
        if (auto det = tree_.child(head, "det");
            det && lower_form(s_, *det) == "the" &&
            CoreferenceResolver::is_description(to_lower_ascii(tree_.lemma(head))) &&
            span.last - span.first == 2) {  // "the company", not "the leading company"
            // "the companies" stands for several, like "they".
            const bool plural = tree_.xpos(head) == "NNS";
            for (const auto& m :
                 plural ? coref_.resolve("they", false, head)
                        : coref_.resolve(to_lower_ascii(tree_.lemma(head)), true, head)) {
                Argument a;
                a.text = m.name;
                a.type = m.type;
                r.arguments.push_back(a);
            }
            r.by_reference = true;
            return r;
        }
        if (!allow_concept) return r;
        auto text = concept_text(head, span);
        if (text.empty()) return r;
        Argument a;
        a.text = std::move(text);
        a.type = EntityType::Other;
        r.arguments.push_back(a);
        r.is_concept = true;
        return r;
    }

    // A common noun phrase as a graph node: its words without determiners,
    // possessive pronouns or clauses ("the terms of their partnership" ->
    // "terms of partnership"); empty when it is too long to be a thing.
    std::string concept_text(std::size_t head, DependencyTree::Span span) const {
        const auto& t = s_.tokens;
        // "terms in the new deal" -> "terms": only "of" phrases name part of a
        // thing; other phrases say more about it.
        for (auto ch : tree_.children(head)) {
            if (ch < head) continue;
            const bool of = tree_.relation(ch) == "nmod" && tree_.child(ch, "case") &&
                            lower_form(s_, *tree_.child(ch, "case")) == "of";
            const auto r = tree_.relation(ch);
            if ((r == "nmod" && !of) || r == "acl" || r == "advmod") {
                auto sub = tree_.subtree(ch);
                span.last = std::min(span.last, sub.first);
            }
        }
        std::string out;
        std::size_t words = 0;
        for (auto i = span.first; i < span.last; ++i) {
            const auto up = tree_.upos(i);
            if (up == "VERB" && i != head && tree_.relation(i) != "amod") return {};
            if (up == "DET" || (up == "PRON" && tree_.full_relation(i) == "nmod:poss")) continue;
            if (up == "PRON" || up == "SCONJ") return {};
            if (up == "PART" && t[i].form == "'s") continue;
            if (up == "PUNCT" && (t[i].form == "," || t[i].form == "(" || t[i].form == ")"))
                return {};
            if (!out.empty() && i > span.first && t[i - 1].space_after) out += ' ';
            out += t[i].form;
            ++words;
        }
        if (words == 0 || words > kMaxConceptWords) return {};
        // "generates billions": an amount without its unit is not a thing.
        static constexpr std::string_view kAmounts[] = {"dozens",   "hundreds", "thousands",
                                                        "millions", "billions", "trillions"};
        if (words == 1 && std::find(std::begin(kAmounts), std::end(kAmounts),
                                    to_lower_ascii(out)) != std::end(kAmounts))
            return {};
        return out;
    }

    // "Monday", "last year", "yesterday" in an argument's words.
    std::optional<Value> relative_date_in(DependencyTree::Span span) const {
        if (doc_.published.empty() || span.last - span.first > 2) return std::nullopt;
        std::vector<std::string> words;
        for (auto i = span.first; i < span.last; ++i) words.push_back(lower_form(s_, i));
        std::vector<std::string_view> views(words.begin(), words.end());
        return resolve_relative_date(views, doc_.published);
    }

    // Qualifiers: dates, amounts and places among a clause's other
    // arguments, and those of the verbs controlling it ("In 2019, Microsoft
    // agreed to invest").
    std::map<std::string, Value> qualifiers(const Clause& c, std::size_t used_head) {
        std::map<std::string, Value> q;
        auto consider = [&](std::size_t head, DependencyTree::Span span, std::string_view prep) {
            if (head == used_head) return;
            if (value_at_[head] >= 0) {
                const auto& v = values_[static_cast<std::size_t>(value_at_[head])].value;
                if (v.kind == ValueKind::Date && !q.count("date")) q["date"] = v;
                if (v.kind == ValueKind::Money && !q.count("amount")) q["amount"] = v;
                return;
            }
            if (auto rel = relative_date_in(span); rel && !q.count("date")) {
                q["date"] = *rel;
                return;
            }
            if (mention_at_[head] >= 0 && (prep == "in" || prep == "at") && !q.count("place")) {
                const auto& m = mentions_[static_cast<std::size_t>(mention_at_[head])];
                if (m.type == EntityType::Place) {
                    Value v;
                    v.kind = ValueKind::Text;
                    v.text = m.text;
                    q["place"] = v;
                }
            }
        };
        for (const auto& a : c.arguments)
            if (a.role == ArgRole::Oblique || a.role == ArgRole::Object)
                consider(a.head, a.span, a.preposition);
        for (std::size_t v = 0; v < values_.size(); ++v) {
            if (value_owner_[v] != c.predicate) continue;
            if (used_head >= values_[v].first && used_head < values_[v].last) continue;
            const auto& val = values_[v].value;
            if (val.kind == ValueKind::Date && !q.count("date")) q["date"] = val;
            if (val.kind == ValueKind::Money && !q.count("amount")) q["amount"] = val;
        }
        for (auto ch : tree_.children(c.predicate))
            if (tree_.relation(ch) == "advmod" || tree_.full_relation(ch) == "obl:tmod" ||
                tree_.full_relation(ch) == "obl:npmod")
                consider(ch, tree_.subtree(ch), "");
        // Controlling verbs: "agreed to acquire", "plans to invest".
        std::size_t v = c.predicate;
        for (int depth = 0; depth < 4 && tree_.relation(v) == "xcomp" && tree_.head(v) != kNone;
             ++depth) {
            v = tree_.head(v);
            for (auto ch : tree_.children(v))
                if (tree_.relation(ch) == "obl" || tree_.relation(ch) == "advmod")
                    consider(ch, tree_.subtree(ch, {"case"}), "");
        }
        return q;
    }

    bool type_fits(Argument& a, std::string_view wanted) const {
        if (wanted == "any") return !a.is_value;  // values are named by kind
        if (auto kind = value_kind_from_string(wanted)) return a.is_value && a.value.kind == *kind;
        if (a.is_value) return false;
        const auto type = entity_type_from_string(wanted);
        if (a.type == type) return true;
        // The lexicon's expectation types an untyped name, and overrules a
        // guessed type: "Broadcom bought VMware" makes both organizations.
        const bool guessed =
            std::none_of(mentions_.begin(), mentions_.end(),
                         [&](const MentionSpan& m) { return m.text == a.text && m.type_certain; });
        if (a.type == EntityType::Other || guessed) {
            a.type = type;
            return true;
        }
        return false;
    }

    // Who said it: a name, or a short capitalized phrase the tagger missed
    // ("Reuters"); a pronoun speaker resolves like any argument.
    std::string speaker(std::size_t head) {
        if (mention_at_[head] >= 0)
            return mentions_[static_cast<std::size_t>(mention_at_[head])].text;
        const auto span = tree_.subtree(head, {"acl", "acl:relcl", "appos", "conj", "cc", "case"});
        if (tree_.upos(head) == "PRON") {
            auto r = resolve(head, span, false);
            return r.arguments.empty() ? std::string{} : r.arguments.front().text;
        }
        if (span.last - span.first > 4 || !starts_capitalized(s_.tokens[head].form)) return {};
        return span_text(span.first, span.last);
    }

    void emit(const Clause& c, Argument subject, std::string relation, Argument object,
              double confidence, std::size_t object_head) {
        if (!subject.is_value && !object.is_value && subject.text == object.text) return;
        Triple t;
        t.subject = std::move(subject);
        t.relation = std::move(relation);
        t.object = std::move(object);
        t.qualifiers = qualifiers(c, object_head);
        if (t.object.is_value && t.object.value.kind == ValueKind::Money)
            t.qualifiers.erase("amount");
        if (t.object.is_value && t.object.value.kind == ValueKind::Date) t.qualifiers.erase("date");
        t.negated = c.negated;
        t.modality = c.modality;
        if (c.attributed_to != kNone) t.attributed_to = speaker(c.attributed_to);
        t.confidence = std::clamp(confidence, 0.05, 1.0);
        t.span_begin = s_.begin;
        t.span_end = s_.end;
        out_.push_back(std::move(t));
    }

    // Every (subject, object) pair of a clause's resolved arguments.
    // Returns how many triples it added.
    int emit_all(const Clause& c, const Resolved& subjects, const std::string& relation,
                 const Resolved& objects, const RelationRule* rule, double confidence,
                 std::size_t object_head) {
        const auto before = out_.size();
        for (auto s : subjects.arguments) {
            if (rule && !type_fits(s, rule->subject_type)) continue;
            for (auto o : objects.arguments) {
                if (rule && !type_fits(o, rule->object_type)) continue;
                emit(c, s, relation, o, confidence, object_head);
            }
        }
        return static_cast<int>(out_.size() - before);
    }

    double clause_confidence(const Clause& c, const RelationRule* rule, const Resolved& s,
                             const Resolved& o) const {
        double conf = c.confidence * (rule ? 1.0 : kUnlistedRelation);
        if (s.by_reference || o.by_reference) conf *= kResolvedReference;
        if (o.is_concept) conf *= 0.8;
        return conf;
    }

    void verbal(const Clause& given) {
        Clause c = given;
        // A verb the tagger or lemmatizer missed ("bought" left as its own
        // lemma) is still known to the lexicon by its inflected form.
        if (!relations_.has_lemma(c.lemma))
            for (const auto* r : relations_.rules_for(lower_form(s_, c.predicate))) {
                c.lemma = r->verb;
                break;
            }
        std::vector<const ClauseArgument*> objects, obliques, agents;
        for (const auto& a : c.arguments) {
            if (a.role == ArgRole::Object) objects.push_back(&a);
            // "named Satya Nadella as …": the parser's xcomp is the object.
            if (a.role == ArgRole::Complement && tree_.upos(a.head) == "PROPN")
                objects.push_back(&a);
            if (a.role == ArgRole::Oblique) obliques.push_back(&a);
            if (a.role == ArgRole::Agent) agents.push_back(&a);  // "by Altman and Musk"
        }
        for (const auto& subj : c.subjects) {
            // Passive with an agent: "Mellanox was acquired by Nvidia" is Nvidia's act.
            if (c.passive && !agents.empty()) {
                const auto* rule = find_rule(c.lemma, c.particles, "", false);
                const auto relation =
                    rule ? rule->relation : default_relation(c.lemma, c.particles, "");
                auto patient = resolve(subj.head, subj.span, false);
                for (const auto* agent : agents) {
                    auto actor = resolve(agent->head, agent->span, false);
                    emit_all(c, actor, relation, patient, rule,
                             clause_confidence(c, rule, actor, patient), subj.head);
                }
                continue;
            }
            auto s = resolve(subj.head, subj.span, false);
            if (s.arguments.empty()) continue;
            bool done = false;
            std::optional<ClauseArgument> repaired;
            if (objects.empty() && !c.passive) {
                repaired = object_after_verb(c);
                if (repaired) objects.push_back(&*repaired);
            }
            // Prepositional rules first: "invested $1 billion in OpenAI" is invested-in,
            // with the money as its amount.
            for (const auto* o : obliques) {
                if (o->preposition.empty()) continue;  // "last year": a qualifier
                const RelationRule* rule = nullptr;
                if (!objects.empty()) {
                    const std::vector<std::string> words{
                        to_lower_ascii(tree_.lemma(objects[0]->head))};
                    rule = relations_.find(c.lemma, words, o->preposition, c.passive, false);
                }
                if (!rule) rule = find_rule(c.lemma, c.particles, o->preposition, c.passive);
                // "OpenAI, valued at $150 billion, …" tagged as an active past
                // tense: with no object, a passive-only phrase still fits.
                if (!rule && !c.passive && objects.empty())
                    rule = find_rule(c.lemma, c.particles, o->preposition, true);
                if (!rule) continue;
                auto obj = resolve(o->head, o->span, false);
                if (emit_all(c, s, rule->relation, obj, rule, clause_confidence(c, rule, s, obj),
                             o->head) > 0)
                    done = true;
            }
            // "named Satya Nadella as its chief executive"
            for (const auto* o : obliques)
                if (o->preposition == "as")
                    for (const auto* ob : objects) role(c, ob->head, o->head);
            for (const auto* o : objects) {
                // "completed its acquisition of Mellanox": the noun carries the relation.
                if (nominal_object(c, s, *o)) {
                    done = true;
                    continue;
                }
                // "gains limited ability to use other providers"
                if (infinitive_object(c, s, *o)) {
                    done = true;
                    continue;
                }
                if (done) break;
                const auto* rule = find_rule(c.lemma, c.particles, "", c.passive);
                // "Zenith is considered the top company": the object
                // of a passive verb describes its subject; reading it as the
                // subject's act ("Zenith considered …") would invert the fact.
                if (c.passive && !rule) {
                    described_as(c, subj, *o);
                    continue;
                }
                auto obj = resolve(o->head, o->span, rule == nullptr || rule->object_type == "any");
                if (obj.arguments.empty()) continue;
                const auto relation =
                    rule ? rule->relation : default_relation(c.lemma, c.particles, "");
                emit_all(c, s, relation, obj, rule, clause_confidence(c, rule, s, obj), o->head);
            }
            if (done || !objects.empty()) continue;
            // Verbs the lexicon does not know, with a named prepositional object:
            // "switched over to Merck" -> switched-over-to.
            for (const auto* o : obliques) {
                if (o->preposition.empty()) continue;
                auto obj = resolve(o->head, o->span, false);
                if (obj.arguments.empty() || obj.by_reference) continue;
                if (obj.arguments[0].is_value) continue;  // a date or amount qualifies, not relates
                const auto& m = obj.arguments[0];
                if ((o->preposition == "in" || o->preposition == "at") &&
                    m.type == EntityType::Place)
                    continue;  // a place qualifies
                emit(c, s.arguments[0], default_relation(c.lemma, c.particles, o->preposition), m,
                     clause_confidence(c, nullptr, s, obj), o->head);
                break;
            }
        }
    }

    // A name right after a verb the lexicon knows as transitive is its object
    // even when the parser, misled by an unknown word, hung it elsewhere
    // ("AlphaCorp acquired AlphaTarget3": "AlphaTarget3" tagged ADV).
    std::optional<ClauseArgument> object_after_verb(const Clause& c) const {
        if (!find_rule(c.lemma, c.particles, "", false)) return std::nullopt;
        auto k = c.predicate + 1;
        if (k < s_.tokens.size() && lower_form(s_, k) == "the") ++k;
        if (k >= s_.tokens.size() || mention_at_[k] < 0) return std::nullopt;
        const auto& m = mentions_[static_cast<std::size_t>(mention_at_[k])];
        if (m.first != k) return std::nullopt;
        ClauseArgument a;
        a.role = ArgRole::Object;
        a.head = m.last - 1;
        a.span = {m.first, m.last};
        return a;
    }

    const RelationRule* find_rule(const std::string& lemma,
                                  const std::vector<std::string>& particles,
                                  const std::string& preposition, bool passive) const {
        if (const auto* r = relations_.find(lemma, particles, preposition, passive, false))
            return r;
        // "took over Nuance": the lexicon writes the particle as a preposition.
        if (preposition.empty() && particles.size() == 1)
            return relations_.find(lemma, {}, particles[0], passive, false);
        return nullptr;
    }

    // VERB NOUN to VERB2 OBJECT: "gained-ability-to-use" OBJECT. The noun
    // phrase with its clause would be an argument that is a whole clause.
    bool infinitive_object(const Clause& c, const Resolved& s, const ClauseArgument& o) {
        for (auto v2 : tree_.children(o.head)) {
            if (tree_.full_relation(v2) != "acl" || tree_.upos(v2) != "VERB") continue;
            auto mark = tree_.child(v2, "mark");
            auto obj = tree_.child(v2, "obj");
            if (!mark || lower_form(s_, *mark) != "to" || !obj) return false;
            auto target =
                resolve(*obj, tree_.subtree(*obj, {"acl:relcl", "conj", "cc", "nmod"}), true);
            const auto relation = default_relation(c.lemma, c.particles, "") + "-" +
                                  to_lower_ascii(tree_.lemma(o.head)) + "-to-" +
                                  to_lower_ascii(tree_.lemma(v2));
            emit_all(c, s, relation, target, nullptr, clause_confidence(c, nullptr, s, target),
                     *obj);
            return !target.arguments.empty();
        }
        return false;
    }

    bool nominal_object(const Clause& c, const Resolved& s, const ClauseArgument& o) {
        if (!in(kLightVerbs, c.lemma)) return false;
        const auto noun = to_lower_ascii(tree_.lemma(o.head));
        bool any = false;
        for (auto ch : tree_.children(o.head)) {
            if (tree_.relation(ch) != "nmod" || tree_.full_relation(ch) == "nmod:poss") continue;
            const auto arg = make_nominal_argument(ch);
            const auto* rule = relations_.find(noun, {}, arg.preposition, false, true);
            if (!rule) rule = relations_.find(c.lemma, {noun}, arg.preposition, false, false);
            if (!rule) continue;
            auto obj = resolve(ch, arg.span, false);
            emit_all(c, s, rule->relation, obj, rule, clause_confidence(c, rule, s, obj), ch);
            any = any || !obj.arguments.empty();
        }
        return any;
    }

    ClauseArgument make_nominal_argument(std::size_t head) const {
        ClauseArgument a;
        a.head = head;
        if (auto cs = tree_.child(head, "case")) a.preposition = lower_form(s_, *cs);
        a.span = tree_.subtree(head, {"case", "conj", "cc", "acl:relcl"});
        return a;
    }

    // A job title in the role lexicon whose last word is token `head`
    // ("chief executive" ending at "executive").
    const Role* title_ending_at(std::size_t head, std::size_t& first) const {
        for (std::size_t start = head + 1; start-- > 0 && head - start < 4;) {
            std::size_t len = 0;
            const Role* r = roles_.match(s_.tokens, start, len);
            if (r && start + len == head + 1) {
                first = start;
                return r;
            }
        }
        return nullptr;
    }

    // The organization a title belongs to: "of Nvidia", "Amazon's", "its".
    Resolved title_organization(std::size_t title) {
        for (auto ch : tree_.children(title)) {
            const auto full = tree_.full_relation(ch);
            if (full == "nmod:poss") return resolve(ch, tree_.subtree(ch, {"case"}), false);
            if (tree_.relation(ch) == "nmod") {
                auto cs = tree_.child(ch, "case");
                if (cs && (lower_form(s_, *cs) == "of" || lower_form(s_, *cs) == "at"))
                    return resolve(ch, tree_.subtree(ch, {"case"}), false);
            }
            if (tree_.relation(ch) == "compound" && mention_at_[ch] >= 0)
                return resolve(ch, tree_.subtree(ch), false);
        }
        return {};
    }

    // PERSON holds TITLE at ORG.
    bool role(const Clause& c, std::size_t person, std::size_t title) {
        std::size_t first = 0;
        const Role* r = title_ending_at(title, first);
        if (!r) return false;
        auto org = title_organization(title);
        auto who = resolve(person, tree_.subtree(person, {"appos", "acl", "conj", "cc"}), false);
        for (auto p : who.arguments) {
            if (p.is_value) continue;
            if (p.type == EntityType::Other) p.type = EntityType::Person;
            if (p.type != EntityType::Person) continue;
            for (auto o : org.arguments) {
                if (o.is_value) continue;
                if (o.type == EntityType::Other) o.type = EntityType::Organization;
                if (o.type != EntityType::Organization) continue;
                emit(c, p, r->relation, o, c.confidence, title);
            }
        }
        return true;
    }

    // "X is considered / was named / is called Y": a role when Y is a title
    // ("was named chief executive of Nvidia"), else X is-a Y. Verbs of
    // opinion make the fact reported, not asserted.
    void described_as(const Clause& c, const ClauseArgument& subj, const ClauseArgument& o) {
        static constexpr std::string_view kNaming[] = {
            "name",    "call",     "elect",  "appoint", "dub",     "rank", "label",
            "declare", "consider", "regard", "deem",    "believe", "think"};
        static constexpr std::string_view kOpinion[] = {"consider", "regard", "deem", "believe",
                                                        "think"};
        const auto in = [&](const auto& list) {
            return std::find(std::begin(list), std::end(list), c.lemma) != std::end(list);
        };
        if (!in(kNaming)) return;
        if (role(c, subj.head, o.head)) return;
        if (tree_.upos(o.head) != "NOUN") return;
        auto s = resolve(subj.head, subj.span, false);
        auto obj = resolve(o.head, o.span, true);
        if (!obj.is_concept) return;
        Clause described = c;
        if (in(kOpinion) && described.modality.empty()) described.modality = "reported";
        emit_all(described, s, "is-a", obj, nullptr, clause_confidence(described, nullptr, s, obj),
                 o.head);
    }

    // "X is the leading company" -> is-a; "Satya Nadella is the CEO of Microsoft" -> ceo-of.
    void copular(const Clause& c) {
        const auto& comp = c.arguments.front();
        // "a world where Acme was a startup": what something was is
        // not what it is (roles keep their past: "was the CEO of" still
        // records who held the title).
        const auto cop = tree_.child(c.predicate, "cop");
        const bool past = cop && (tree_.xpos(*cop) == "VBD");
        for (const auto& subj : c.subjects) {
            if (role(c, subj.head, c.predicate)) continue;
            if (past) continue;
            if (!comp.preposition.empty()) continue;
            if (tree_.upos(c.predicate) != "NOUN") continue;
            auto s = resolve(subj.head, subj.span, false);
            auto o = resolve(comp.head, comp.span, true);
            if (!o.is_concept) continue;
            emit_all(c, s, "is-a", o, nullptr, clause_confidence(c, nullptr, s, o), comp.head);
        }
    }

    void apposition(const Clause& c) {
        const auto name = c.subjects.front().head;
        const auto desc = c.arguments.front().head;
        // Either side may be the title: "Jensen Huang, the chief executive of
        // Nvidia" and "Amazon's chief executive, Andy Jassy".
        if (role(c, name, desc) || role(c, desc, name)) return;
        if (mention_at_[name] < 0 || mention_at_[desc] >= 0) return;
        if (tree_.upos(desc) != "NOUN") return;
        auto s = resolve(name, c.subjects.front().span, false);
        auto o = resolve(desc, c.arguments.front().span, true);
        if (!o.is_concept) return;
        emit_all(c, s, "is-a", o, nullptr, clause_confidence(c, nullptr, s, o), desc);
    }

    // "Amazon's chief executive" (role) and "Microsoft's investment in OpenAI" (relation).
    void possessive(const Clause& c) {
        for (const auto& a : c.arguments) {
            if (a.role != ArgRole::Complement) continue;
            if (role(c, a.head, c.predicate)) return;
        }
        auto owner = resolve(c.subjects.front().head, c.subjects.front().span, false);
        if (owner.arguments.empty()) return;
        for (const auto& a : c.arguments) {
            if (a.role != ArgRole::Oblique) continue;
            const auto* rule = relations_.find(c.lemma, {}, a.preposition, false, true);
            if (!rule) continue;
            auto obj = resolve(a.head, a.span, false);
            emit_all(c, owner, rule->relation, obj, rule, clause_confidence(c, rule, owner, obj),
                     a.head);
        }
    }

    // Roles by word order, which the parser often gets wrong around titles:
    // "Hock Tan, the chief executive of Broadcom" (PERSON, the TITLE of ORG),
    // "Nvidia chief executive Jensen Huang" and "Amazon's chief executive,
    // Andy Jassy" (ORG ['s] TITLE [,] PERSON).
    void title_before_name() {
        const auto n = s_.tokens.size();
        for (const auto& m : mentions_) {
            std::size_t j = m.last;
            if (j < n && s_.tokens[j].form == ",") {
                ++j;
                if (j < n && (lower_form(s_, j) == "the" || lower_form(s_, j) == "a")) ++j;
                std::size_t len = 0;
                const Role* r = j < n ? roles_.match(s_.tokens, j, len) : nullptr;
                const auto k = j + len;
                if (r && k + 1 < n && (lower_form(s_, k) == "of" || lower_form(s_, k) == "at") &&
                    mention_at_[k + 1] >= 0)
                    word_order_role(m, mentions_[static_cast<std::size_t>(mention_at_[k + 1])], *r,
                                    j);
            }
            if (m.first == 0) continue;
            auto before = m.first - 1;
            if (s_.tokens[before].form == "," && before > 0) --before;
            std::size_t first = 0;
            const Role* r = title_ending_at(before, first);
            if (!r || first == 0) continue;
            auto k = first;
            if (lower_form(s_, k - 1) == "'s" && k >= 2) --k;
            if (mention_at_[k - 1] < 0) continue;
            word_order_role(m, mentions_[static_cast<std::size_t>(mention_at_[k - 1])], *r, first);
        }
    }

    void word_order_role(const MentionSpan& person, const MentionSpan& org, const Role& role,
                         std::size_t title) {
        auto fits = [](const MentionSpan& m, EntityType t) {
            return m.type == t || m.type == EntityType::Other || !m.type_certain;
        };
        if (!fits(person, EntityType::Person) || !fits(org, EntityType::Organization)) return;
        Clause c;
        c.predicate = title;
        c.confidence = 0.8;
        emit(c, Argument{false, person.text, EntityType::Person, {}, {}}, role.relation,
             Argument{false, org.text, EntityType::Organization, {}, {}}, c.confidence, title);
    }

    void dedupe() {
        std::vector<Triple> unique;
        for (auto& t : out_) {
            const auto same = [&](const Triple& u) {
                return u.relation == t.relation && u.subject.text == t.subject.text &&
                       u.object.text == t.object.text && u.object.is_value == t.object.is_value &&
                       u.negated == t.negated;
            };
            auto it = std::find_if(unique.begin(), unique.end(), same);
            if (it == unique.end()) {
                unique.push_back(std::move(t));
                continue;
            }
            // One statement read twice (through two paths of the tree): keep
            // the surest reading and every qualifier either found.
            if (t.confidence > it->confidence) std::swap(*it, t);
            for (auto& [k, v] : t.qualifiers) it->qualifiers.emplace(k, v);
        }
        out_ = std::move(unique);
    }

    const Sentence& s_;
    const Document& doc_;
    DependencyTree tree_;
    const RelationLexicon& relations_;
    const RoleLexicon& roles_;
    CoreferenceResolver& coref_;
    std::vector<MentionSpan> mentions_;
    std::vector<ValueSpan> values_;
    std::vector<int> mention_at_, value_at_;  // token -> index or -1
    std::vector<std::size_t> value_owner_;    // value -> predicate token
    std::vector<Triple> out_;
};

// Sentences joined by a colon or semicolon parse better apart ("Key changes
// include: OpenAI gains …, Microsoft secures …"): the parts are re-parsed on
// their own when each is long enough to be a clause.
std::vector<Sentence> clause_units(Sentence&& s, const Pipeline& pipeline) {
    std::vector<Sentence> out;
    std::size_t start = 0;
    auto cut = [&](std::size_t end) {
        Sentence part;
        part.tokens.assign(s.tokens.begin() + static_cast<long>(start),
                           s.tokens.begin() + static_cast<long>(end));
        part.begin = part.tokens.front().begin;
        part.end = part.tokens.back().end;
        out.push_back(std::move(part));
    };
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
        const auto& f = s.tokens[i].form;
        if ((f == ":" || f == ";") && i >= start + 3 && i + 4 <= s.tokens.size()) {
            cut(i);
            start = i + 1;
        }
    }
    if (out.empty()) {
        out.push_back(std::move(s));
        return out;
    }
    cut(s.tokens.size());
    for (auto& part : out) pipeline.annotate(part);
    return out;
}

std::string words_text(const Sentence& s, std::size_t first, std::size_t last) {
    std::string out;
    for (auto i = first; i < last; ++i) {
        if (!out.empty()) out += ' ';
        out += s.tokens[i].form;
    }
    return out;
}

}  // namespace

ClauseExtractor::ClauseExtractor(std::shared_ptr<const Pipeline> pipeline,
                                 std::shared_ptr<const EntityTagger> entities,
                                 RelationLexicon relations, RoleLexicon roles)
    : pipeline_(std::move(pipeline)),
      entities_(std::move(entities)),
      relations_(std::move(relations)),
      roles_(std::move(roles)) {}

std::unique_ptr<ClauseExtractor> ClauseExtractor::load_default() {
    return std::make_unique<ClauseExtractor>(
        std::make_shared<const Pipeline>(Pipeline::load()),
        std::make_shared<const EntityTagger>(EntityTagger::load()), RelationLexicon::load_default(),
        RoleLexicon::load_default());
}

Extraction ClauseExtractor::extract(const Document& doc) const {
    Extraction out;
    std::vector<NameMention> names;
    CoreferenceResolver coref;
    for_each_sentence(doc.text, [&](Sentence&& whole) {
        ++out.sentences;
        whole.text.clear();  // the span is enough; do not hold a copy per sentence
        pipeline_->annotate(whole);
        for (auto& s : clause_units(std::move(whole), *pipeline_)) {
            SentenceFacts facts(s, doc, entities_.get(), relations_, roles_, coref);
            for (auto& t : facts.run(names)) out.triples.push_back(std::move(t));
            coref.next_sentence();
        }
    });
    resolve_within_document(doc.text, names, out.triples);
    return out;
}

std::vector<SurfaceTuple> ClauseExtractor::surface_tuples(std::string_view line) const {
    Sentence s;
    s.tokens = tokenize(line);
    if (s.tokens.empty()) return {};
    s.begin = 0;
    s.end = line.size();
    pipeline_->annotate(s);
    const DependencyTree tree(s);
    std::vector<SurfaceTuple> out;
    for (const auto& c : find_clauses(tree)) {
        SurfaceTuple t;
        std::vector<std::size_t> rel = c.relation_tokens;
        std::vector<std::string> rest;
        const ClauseArgument* second = nullptr;
        for (const auto& a : c.arguments)
            if (a.role == ArgRole::Object || a.role == ArgRole::Complement) {
                second = &a;
                break;
            }
        std::string rel_suffix;
        if (!second) {
            for (const auto& a : c.arguments)
                if (!a.preposition.empty()) {
                    second = &a;
                    rel_suffix = a.preposition;
                    break;
                }
        }
        if (!second) continue;
        if (c.kind == ClauseKind::Copular && !second->preposition.empty())
            rel_suffix = second->preposition;
        for (const auto& a : c.arguments) {
            if (&a == second) continue;
            auto text = words_text(s, a.span.first, a.span.last);
            if (!a.preposition.empty()) text = a.preposition + " " + text;
            rest.push_back(std::move(text));
        }
        std::string relation;
        // "agreed to acquire": the controlling verbs belong to the relation.
        if (c.kind == ClauseKind::Verbal && tree.full_relation(c.predicate) == "xcomp") {
            std::vector<std::size_t> chain;
            for (auto v = c.predicate; tree.full_relation(v) == "xcomp" && chain.size() < 4;) {
                v = tree.head(v);
                if (v == kNone) break;
                chain.push_back(v);
            }
            std::vector<std::size_t> words;
            for (auto v : chain) {
                words.push_back(v);
                for (auto ch : tree.children(v))
                    if (tree.relation(ch) == "aux" || lower_form(s, ch) == "not")
                        words.push_back(ch);
            }
            for (auto ch : tree.children(c.predicate))
                if (tree.relation(ch) == "mark" && lower_form(s, ch) == "to") words.push_back(ch);
            words.insert(words.end(), rel.begin(), rel.end());
            std::sort(words.begin(), words.end());
            words.erase(std::unique(words.begin(), words.end()), words.end());
            rel = words;
        }
        if (c.kind == ClauseKind::Apposition) relation = "is";
        if (c.kind == ClauseKind::Possessive) relation = "has";
        for (auto i : rel) relation += (relation.empty() ? "" : " ") + s.tokens[i].form;
        if (!rel_suffix.empty()) relation += " " + rel_suffix;
        if (relation.empty()) continue;
        for (const auto& subj : c.subjects) {
            t.relation = relation;
            t.arguments = {words_text(s, subj.span.first, subj.span.last),
                           words_text(s, second->span.first, second->span.last)};
            if (c.kind == ClauseKind::Possessive)
                t.arguments[1] = words_text(s, c.predicate, c.predicate + 1);
            t.arguments.insert(t.arguments.end(), rest.begin(), rest.end());
            t.confidence = c.confidence;
            out.push_back(t);
        }
    }
    return out;
}

std::unique_ptr<Extractor> make_default_extractor() {
    return ClauseExtractor::load_default();
}

}  // namespace kg
