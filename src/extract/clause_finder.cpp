#include <algorithm>
#include <array>

#include "kg/extract/clause.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

using Role = ClauseArgument::Role;
constexpr auto kNone = DependencyTree::kNone;
// Chains of conj/xcomp/relative clauses deeper than this are parser noise.
constexpr int kMaxChain = 12;

template <std::size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

constexpr std::array<std::string_view, 6> kRelativeWords{"which", "who",   "whom",
                                                         "that",  "whose", "where"};
constexpr std::array<std::string_view, 14> kSpeechVerbs{
    "say", "tell", "announce", "report", "state",    "claim",   "confirm",
    "add", "note", "write",    "reveal", "disclose", "explain", "warn"};
constexpr std::array<std::string_view, 5> kPlanVerbs{"plan", "intend", "aim", "expect", "prepare"};
constexpr std::array<std::string_view, 5> kTryVerbs{"seek", "try", "hope", "want", "consider"};

std::string lower_form(const DependencyTree& t, std::size_t i) {
    return to_lower_ascii(t.sentence().tokens[i].form);
}

// A verb by its tag, or a word the tagger called a noun that governs a
// direct object ("Microsoft secures expanded IP rights"): in UD only verbs
// take `obj`, so the tree knows better than the tag.
bool is_verb(const DependencyTree& t, std::size_t i) {
    if (t.upos(i) == "VERB") return true;
    if ((t.upos(i) == "NOUN" || t.upos(i) == "PROPN") && t.child(i, "obj")) return true;
    return false;
}

bool is_relative_word(const DependencyTree& t, std::size_t i) {
    return one_of(lower_form(t, i), kRelativeWords) &&
           (t.upos(i) == "PRON" || t.upos(i) == "DET" || t.upos(i) == "ADV");
}

// Subject candidates of predicate `p`, following coordination, control and
// relative clauses upwards when the predicate has none of its own.
std::vector<std::size_t> subjects_of(const DependencyTree& t, std::size_t p, int depth = 0) {
    if (depth > kMaxChain) return {};
    std::vector<std::size_t> own;
    for (auto c : t.children(p)) {
        const auto full = t.full_relation(c);
        if (t.relation(c) == "nsubj" && full != "nsubj:outer") own.push_back(c);
    }
    const auto head = t.head(p);
    const auto rel = t.full_relation(p);
    // A verb the tagger took for a noun keeps its subject as a compound:
    // "Microsoft secures expanded IP rights".
    if (own.empty() && t.upos(p) != "VERB") {
        for (auto c : t.children(p))
            if (t.relation(c) == "compound" && c < p && t.upos(c) == "PROPN") return {c};
    }
    if (!own.empty()) {
        // "Mellanox, which is based in Yokneam": the relative word stands for the noun.
        if (rel == "acl:relcl" && head != kNone && is_relative_word(t, own.front())) return {head};
        return own;
    }
    if (head == kNone) return {};
    const auto base = t.relation(p);
    if (base == "conj") {
        // A coordinated predicate shares the first conjunct's subject, unless
        // the tree says the first conjunct is not a predicate at all.
        return subjects_of(t, head, depth + 1);
    }
    if (base == "xcomp") {
        // Object control ("persuaded Microsoft to invest") takes the object.
        if (auto obj = t.child(head, "obj"); obj && is_verb(t, head)) return {*obj};
        return subjects_of(t, head, depth + 1);
    }
    if (base == "acl") {
        // Relative and participial clauses are about the noun they modify,
        // but an infinitival one is not ("ability to use": the noun does not use).
        if (rel == "acl" && t.child(p, "mark")) return {};
        return {head};
    }
    if (base == "advcl" && !t.child(p, "mark") && (t.xpos(p) == "VBG" || t.xpos(p) == "VBN")) {
        return subjects_of(t, head, depth + 1);  // "…, adjusting the structure"
    }
    return {};
}

// Distributes a subject or object over its conjuncts: "OpenAI and Microsoft".
std::vector<std::size_t> with_conjuncts(const DependencyTree& t, std::size_t i) {
    std::vector<std::size_t> out{i};
    for (std::size_t k = 0; k < out.size() && out.size() < 16; ++k)
        for (auto c : t.children(out[k]))
            if (t.relation(c) == "conj" && t.upos(c) != "VERB" && t.upos(c) != "AUX")
                out.push_back(c);
    return out;
}

ClauseArgument make_argument(const DependencyTree& t, std::size_t head, Role role) {
    ClauseArgument a;
    a.role = role;
    a.head = head;
    for (auto c : t.children(head)) {
        if (t.relation(c) != "case") continue;
        if (c > head) continue;  // a stranded preposition belongs to something else
        a.case_token = c;
        a.preposition = lower_form(t, c);
        // Multi-word prepositions: "in exchange for", "according to".
        for (auto f : t.children(c))
            if (t.relation(f) == "fixed") a.preposition += " " + lower_form(t, f);
        break;
    }
    a.span = t.subtree(head, {"acl:relcl", "conj", "cc", "case", "parataxis", "appos"});
    // The case marker was cut off on the left; keep the span to the right of it.
    if (a.case_token != kNone && a.span.first <= a.case_token) a.span.first = a.case_token + 1;
    // A preposition the parser hung inside the phrase ("at over $150 billion":
    // "at" on "over") still introduces it.
    const auto first = a.span.first;
    if (a.case_token == kNone && first < head && t.upos(first) == "ADP" &&
        t.relation(first) == "case") {
        a.case_token = first;
        a.preposition = lower_form(t, first);
        a.span.first = first + 1;
    }
    return a;
}

void add_subjects(const DependencyTree& t, Clause& c, const std::vector<std::size_t>& heads) {
    for (auto h : heads)
        for (auto s : with_conjuncts(t, h))
            c.subjects.push_back(make_argument(t, s, Role::Subject));
}

// Negation, modality and attribution seen on `p` and on the predicates that
// control it ("did not agree to acquire"; "may seek to buy"; "X said Y bought").
void read_mood(const DependencyTree& t, std::size_t p, Clause& c) {
    std::size_t v = p;
    for (int depth = 0; v != kNone && depth < kMaxChain; ++depth) {
        for (auto ch : t.children(v)) {
            const auto w = lower_form(t, ch);
            const auto r = t.relation(ch);
            if ((r == "advmod" || r == "aux") && (w == "not" || w == "n't" || w == "never"))
                c.negated = true;
            if (r == "aux") {
                if (w == "may" || w == "might" || w == "could" || w == "would" || w == "should")
                    c.modality = "hedged";
                else if ((w == "will" || w == "'ll" || w == "shall") && c.modality.empty())
                    c.modality = "planned";
            }
            if (r == "advmod" && (w == "reportedly" || w == "allegedly" || w == "reputedly"))
                c.modality = "reported";
            if (r == "obl" && c.attributed_to == kNone) {
                // "according to Reuters"
                if (auto cs = t.child(ch, "case"); cs && lower_form(t, *cs) == "according")
                    c.attributed_to = ch;
            }
        }
        const auto rel = t.relation(v);
        const auto head = t.head(v);
        if (head == kNone) break;
        if (rel == "xcomp") {
            // "agreed to acquire" is asserted; "plans to acquire" is not yet.
            const auto hl = to_lower_ascii(t.lemma(head));
            if (c.modality.empty() && one_of(hl, kPlanVerbs)) c.modality = "planned";
            if (c.modality.empty() && one_of(hl, kTryVerbs)) c.modality = "hedged";
            v = head;
            continue;
        }
        if ((rel == "ccomp" || rel == "parataxis") &&
            one_of(to_lower_ascii(t.lemma(head)), kSpeechVerbs)) {
            if (c.attributed_to == kNone) {
                auto speaker = subjects_of(t, head);
                if (!speaker.empty()) c.attributed_to = speaker.front();
            }
        }
        break;
    }
}

Clause verbal_clause(const DependencyTree& t, std::size_t v) {
    Clause c;
    c.kind = ClauseKind::Verbal;
    c.predicate = v;
    c.lemma = to_lower_ascii(t.lemma(v));
    if (t.upos(v) != "VERB") {
        // A mis-tagged verb ("secures"): its lemma is the noun's; take the
        // singular back to the verb ("secures" -> "secure").
        c.lemma = to_lower_ascii(t.sentence().tokens[v].form);
        if (c.lemma.size() > 3 && c.lemma.back() == 's') c.lemma.pop_back();
        c.confidence -= 0.2;
    }
    c.relation_tokens.push_back(v);
    for (auto ch : t.children(v)) {
        const auto full = t.full_relation(ch);
        const auto r = t.relation(ch);
        // nsubj:pass alone is the parser's guess; a verb with an object is
        // active unless an auxiliary says otherwise ("also bought Cumulus").
        if (full == "aux:pass" || (full == "nsubj:pass" && !t.child(v, "obj"))) c.passive = true;
        if (r == "aux" || full == "aux:pass") {
            if (lower_form(t, ch) != "to") c.relation_tokens.push_back(ch);
        } else if (full == "compound:prt") {
            c.particles.push_back(lower_form(t, ch));
            c.relation_tokens.push_back(ch);
        } else if (r == "advmod" && (lower_form(t, ch) == "not" || lower_form(t, ch) == "n't" ||
                                     lower_form(t, ch) == "never")) {
            c.relation_tokens.push_back(ch);
        }
    }
    // "OpenAI, valued at $150 billion": a past participle without "have" and
    // without a subject of its own is passive. One with an object ("also
    // bought Cumulus") or an active subject ("Microsoft named …") is not.
    if (t.xpos(v) == "VBN" && !c.passive && !t.child(v, "obj") && !t.child(v, "xcomp") &&
        !t.child(v, "nsubj")) {
        bool perfect = false;
        for (auto ch : t.children(v))
            if (t.relation(ch) == "aux" && to_lower_ascii(t.lemma(ch)) == "have") perfect = true;
        c.passive = !perfect;
    }
    std::sort(c.relation_tokens.begin(), c.relation_tokens.end());

    add_subjects(t, c, subjects_of(t, v));
    for (auto ch : t.children(v)) {
        const auto full = t.full_relation(ch);
        const auto r = t.relation(ch);
        if (r == "obj" || r == "iobj") {
            for (auto o : with_conjuncts(t, ch)) {
                auto a = make_argument(t, o, Role::Object);
                if (!a.preposition.empty()) a.role = Role::Oblique;
                // "invested $16 million in Mistral AI": the parser often hangs
                // the verb's prepositional phrase on the amount. An amount
                // takes no such modifier, so the phrase goes back to the verb
                // (the extractor uses it only where the lexicon knows the
                // verb with that preposition, as "invest in").
                if (t.xpos(o) == "$")
                    for (auto m : t.children(o)) {
                        if (t.relation(m) != "nmod") continue;
                        auto b = make_argument(t, m, Role::Oblique);
                        if (b.preposition.empty() || b.case_token == kNone) continue;
                        a.span.last = std::min(a.span.last, b.case_token);
                        c.arguments.push_back(b);
                    }
                c.arguments.push_back(a);
            }
        } else if (r == "obl") {
            if (is_relative_word(t, ch)) continue;  // "in which": the clause's own noun
            auto a = make_argument(t, ch, Role::Oblique);
            if (full == "obl:agent" || (c.passive && a.preposition == "by")) a.role = Role::Agent;
            c.arguments.push_back(a);
            for (auto o : with_conjuncts(t, ch)) {
                if (o == ch) continue;
                auto b = make_argument(t, o, a.role);
                if (b.preposition.empty()) b.preposition = a.preposition;
                c.arguments.push_back(b);
            }
        } else if (r == "xcomp" &&
                   (t.upos(ch) == "ADJ" || t.upos(ch) == "NOUN" || t.upos(ch) == "PROPN")) {
            c.arguments.push_back(make_argument(t, ch, Role::Complement));
        }
    }
    std::sort(c.arguments.begin(), c.arguments.end(),
              [](const ClauseArgument& a, const ClauseArgument& b) { return a.head < b.head; });
    read_mood(t, v, c);
    if (t.relation(v) == "acl" || t.relation(v) == "advcl") c.confidence -= 0.1;
    return c;
}

// "X is the leading company", "X is based in Y" (a passive verb, handled as
// verbal), "X is in Paris": the predicate word heads the clause and has `cop`.
Clause copular_clause(const DependencyTree& t, std::size_t p) {
    Clause c;
    c.kind = ClauseKind::Copular;
    c.predicate = p;
    c.lemma = "be";
    for (auto ch : t.children(p)) {
        const auto r = t.relation(ch);
        const auto w = lower_form(t, ch);
        if (r == "cop" || r == "aux" ||
            (r == "advmod" && (w == "not" || w == "n't" || w == "never")))
            c.relation_tokens.push_back(ch);
    }
    std::sort(c.relation_tokens.begin(), c.relation_tokens.end());
    add_subjects(t, c, subjects_of(t, p));
    ClauseArgument a;
    a.role = Role::Complement;
    a.head = p;
    if (auto cs = t.child(p, "case"); cs && *cs < p) {
        a.case_token = *cs;
        a.preposition = lower_form(t, *cs);
    }
    a.span = t.subtree(p, {"nsubj", "cop", "aux", "cc", "conj", "punct", "acl:relcl", "advcl",
                           "parataxis", "mark", "case", "advmod", "obl", "expl"});
    c.arguments.push_back(a);
    for (auto ch : t.children(p))
        if (t.relation(ch) == "obl") c.arguments.push_back(make_argument(t, ch, Role::Oblique));
    read_mood(t, p, c);
    c.confidence = 0.85;
    return c;
}

Clause apposition_clause(const DependencyTree& t, std::size_t appos) {
    Clause c;
    c.kind = ClauseKind::Apposition;
    c.predicate = appos;
    c.lemma = "be";
    c.subjects.push_back(make_argument(t, t.head(appos), Role::Subject));
    c.subjects.back().span =
        t.subtree(t.head(appos), {"appos", "acl:relcl", "acl", "punct", "conj", "cc"});
    c.arguments.push_back(make_argument(t, appos, Role::Complement));
    c.confidence = 0.75;
    return c;
}

Clause possessive_clause(const DependencyTree& t, std::size_t noun, std::size_t owner) {
    Clause c;
    c.kind = ClauseKind::Possessive;
    c.predicate = noun;
    c.lemma = to_lower_ascii(t.lemma(noun));
    c.subjects.push_back(make_argument(t, owner, Role::Subject));
    for (auto ch : t.children(noun)) {
        const auto r = t.relation(ch);
        if (r == "nmod" && t.full_relation(ch) != "nmod:poss")
            c.arguments.push_back(make_argument(t, ch, Role::Oblique));
        else if (r == "appos" || r == "flat")
            c.arguments.push_back(make_argument(t, ch, Role::Complement));
    }
    // "Andy Jassy, Amazon's chief executive": the noun is itself an apposition.
    if (t.relation(noun) == "appos" && t.head(noun) != kNone)
        c.arguments.push_back(make_argument(t, t.head(noun), Role::Complement));
    c.confidence = 0.7;
    return c;
}

}  // namespace

std::vector<Clause> find_clauses(const DependencyTree& t) {
    std::vector<Clause> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto rel = t.relation(i);
        if (t.child(i, "cop")) {
            out.push_back(copular_clause(t, i));
        } else if (is_verb(t, i) && rel != "amod" && rel != "compound" && rel != "case" &&
                   rel != "mark" && rel != "fixed") {
            out.push_back(verbal_clause(t, i));
        }
        if (rel == "appos" && t.head(i) != kNone) out.push_back(apposition_clause(t, i));
        if (t.upos(i) == "NOUN" || t.upos(i) == "PROPN") {
            for (auto ch : t.children(i))
                if (t.full_relation(ch) == "nmod:poss") out.push_back(possessive_clause(t, i, ch));
        }
    }
    std::erase_if(out, [](const Clause& c) { return c.subjects.empty(); });
    return out;
}

}  // namespace kg
