#include "kg/extract/relation_lexicon.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "kg/data_files.hpp"
#include "kg/error.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

constexpr std::array<std::string_view, 16> kPrepositions{
    "in", "into", "at", "of",    "for",  "from",    "to",     "with",
    "by", "on",   "as", "about", "over", "against", "behind", "under"};

struct Irregular {
    std::string_view lemma;
    std::array<std::string_view, 2> forms;  // past, past participle
};

constexpr Irregular kIrregular[] = {
    {"buy", {"bought", "bought"}},
    {"sell", {"sold", "sold"}},
    {"lead", {"led", "led"}},
    {"take", {"took", "taken"}},
    {"make", {"made", "made"}},
    {"pay", {"paid", "paid"}},
    {"win", {"won", "won"}},
    {"spend", {"spent", "spent"}},
    {"sink", {"sank", "sunk"}},
    {"put", {"put", "put"}},
    {"set", {"set", "set"}},
    {"strike", {"struck", "struck"}},
    {"bring", {"brought", "brought"}},
    {"hold", {"held", "held"}},
    {"have", {"had", "had"}},
    {"get", {"got", "gotten"}},
    {"give", {"gave", "given"}},
    {"leave", {"left", "left"}},
    {"begin", {"began", "begun"}},
    {"become", {"became", "become"}},
    {"build", {"built", "built"}},
    {"run", {"ran", "run"}},
    {"pour", {"poured", "poured"}},
    {"sue", {"sued", "sued"}},
    {"outbid", {"outbid", "outbid"}},
    {"bid", {"bid", "bid"}},
    {"cut", {"cut", "cut"}},
    {"hit", {"hit", "hit"}},
    {"quit", {"quit", "quit"}},
    {"split", {"split", "split"}},
    {"shut", {"shut", "shut"}},
    {"cost", {"cost", "cost"}},
    {"bet", {"bet", "bet"}},
    {"let", {"let", "let"}},
    {"spread", {"spread", "spread"}},
    {"upset", {"upset", "upset"}},
    {"forecast", {"forecast", "forecast"}},
    {"broadcast", {"broadcast", "broadcast"}},
    {"fall", {"fell", "fallen"}},
    {"rise", {"rose", "risen"}},
    {"grow", {"grew", "grown"}},
    {"meet", {"met", "met"}},
    {"find", {"found", "found"}},
    {"keep", {"kept", "kept"}},
    {"lose", {"lost", "lost"}},
    {"say", {"said", "said"}},
    {"tell", {"told", "told"}},
    {"send", {"sent", "sent"}},
    {"see", {"saw", "seen"}},
    {"oversee", {"oversaw", "overseen"}},
    {"seek", {"sought", "sought"}},
    {"think", {"thought", "thought"}},
    {"write", {"wrote", "written"}},
    {"speak", {"spoke", "spoken"}},
    {"choose", {"chose", "chosen"}},
    {"drive", {"drove", "driven"}},
    {"steal", {"stole", "stolen"}},
    {"teach", {"taught", "taught"}},
    {"catch", {"caught", "caught"}},
    {"fight", {"fought", "fought"}},
    {"stand", {"stood", "stood"}},
    {"understand", {"understood", "understood"}},
    {"withdraw", {"withdrew", "withdrawn"}},
    {"undertake", {"undertook", "undertaken"}},
    {"overtake", {"overtook", "overtaken"}},
    {"rebuild", {"rebuilt", "rebuilt"}},
    {"lend", {"lent", "lent"}},
    {"feel", {"felt", "felt"}},
    {"mean", {"meant", "meant"}},
    {"deal", {"dealt", "dealt"}},
    {"sit", {"sat", "sat"}},
    {"swim", {"swam", "swum"}},
};

// Verbs of more than one syllable whose last one is stressed, so that its
// consonant doubles (admitted, controlled); the others do not (visited,
// opened). One-syllable verbs double by rule (dropped, planned).
constexpr std::string_view kStressedFinal[] = {
    "abet",     "acquit",   "admit",  "allot",    "commit",  "compel", "concur", "confer",
    "control",  "defer",    "deter",  "dispel",   "emit",    "embed",  "equip",  "expel",
    "extol",    "forbid",   "format", "handicap", "incur",   "infer",  "kidnap", "occur",
    "omit",     "outfit",   "outwit", "overlap",  "patrol",  "permit", "prefer", "program",
    "propel",   "rebut",    "recur",  "refer",    "regret",  "remit",  "repel",  "submit",
    "transfer", "transmit", "unplug", "unwrap",   "worship",
};

bool is_vowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Consonant-vowel-consonant at the end, in a stressed final syllable: the
// consonant doubles before -ed and -ing (drop -> dropped, admit -> admitted).
bool doubles_final_consonant(std::string_view lemma) {
    const std::size_t n = lemma.size();
    if (n < 3) return false;
    const char last = lemma[n - 1];
    if (is_vowel(last) || last == 'w' || last == 'x' || last == 'y') return false;
    if (!is_vowel(lemma[n - 2]) || is_vowel(lemma[n - 3])) return false;
    std::size_t syllables = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (is_vowel(lemma[i]) && (i == 0 || !is_vowel(lemma[i - 1]))) ++syllables;
    if (syllables == 1) return true;
    return std::find(std::begin(kStressedFinal), std::end(kStressedFinal), lemma) !=
           std::end(kStressedFinal);
}

// The regular past tense of `lemma` (also its past participle).
std::string regular_past(const std::string& lemma) {
    const char last = lemma.empty() ? '\0' : lemma.back();
    const char before = lemma.size() > 1 ? lemma[lemma.size() - 2] : '\0';
    if (last == 'e') return lemma + "d";
    if (last == 'y' && !is_vowel(before)) return lemma.substr(0, lemma.size() - 1) + "ied";
    if (doubles_final_consonant(lemma)) return lemma + last + "ed";
    return lemma + "ed";
}

// The -ing form of `lemma`: "hire" -> "hiring", "see" -> "seeing", "plan" -> "planning".
std::string ing_form(const std::string& lemma) {
    const char last = lemma.empty() ? '\0' : lemma.back();
    if (last == 'e' && lemma.size() > 2 && lemma[lemma.size() - 2] != 'e')
        return lemma.substr(0, lemma.size() - 1) + "ing";
    if (doubles_final_consonant(lemma)) return lemma + last + "ing";
    return lemma + "ing";
}

bool valid_type(std::string_view t) {
    if (t == "any") return true;
    if (value_kind_from_string(t)) return true;
    return entity_type_from_string(t) != EntityType::Other || t == "Other";
}

}  // namespace

bool RelationRule::object_is_value() const {
    return object_type != "any" && value_kind_from_string(object_type).has_value();
}

std::vector<std::string> verb_forms(std::string_view lemma_view) {
    const std::string lemma(lemma_view);
    std::vector<std::string> forms{lemma};
    for (const auto& irr : kIrregular) {
        if (irr.lemma == lemma) {
            forms.emplace_back(irr.forms[0]);
            forms.emplace_back(irr.forms[1]);
        }
    }
    const char last = lemma.empty() ? '\0' : lemma.back();
    const char before = lemma.size() > 1 ? lemma[lemma.size() - 2] : '\0';
    if (last == 'y' && !is_vowel(before)) {
        forms.push_back(lemma.substr(0, lemma.size() - 1) + "ies");
    } else {
        const bool sibilant = last == 's' || last == 'x' || last == 'z' || last == 'h';
        forms.push_back(lemma + (sibilant ? "es" : "s"));
    }
    forms.push_back(regular_past(lemma));
    forms.push_back(ing_form(lemma));
    std::sort(forms.begin(), forms.end());
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    return forms;
}

RelationLexicon RelationLexicon::parse(std::string_view text, std::string_view name) {
    RelationLexicon lex;
    for_each_data_line(text, name, [&](const DataLine& line) {
        const auto& fields = line.fields;
        if (fields.size() < 4 || fields.size() > 5)
            line.fail(
                "expected 4 or 5 tab-separated fields (phrase, relation, subject type, "
                "object type[, passive|noun])");
        RelationRule rule;
        std::vector<std::string> words;
        std::istringstream phrase{std::string(trim(fields[0]))};
        for (std::string w; phrase >> w;) words.push_back(to_lower_ascii(w));
        if (words.empty()) line.fail("empty phrase");
        rule.verb = words.front();
        std::size_t end = words.size();
        if (end > 1) {
            for (auto p : kPrepositions) {
                if (words.back() == p) {
                    rule.preposition = words.back();
                    --end;
                    break;
                }
            }
        }
        rule.words.assign(words.begin() + 1, words.begin() + static_cast<long>(end));
        rule.relation = std::string(trim(fields[1]));
        if (rule.relation.empty()) line.fail("empty relation");
        rule.subject_type = std::string(trim(fields[2]));
        rule.object_type = std::string(trim(fields[3]));
        if (!valid_type(rule.subject_type))
            line.fail("unknown subject type '" + rule.subject_type + "'");
        if (!valid_type(rule.object_type))
            line.fail("unknown object type '" + rule.object_type + "'");
        if (fields.size() == 5) {
            const auto flag = trim(fields[4]);
            if (flag == "passive")
                rule.passive = true;
            else if (flag == "noun")
                rule.noun = true;
            else
                line.fail("the fifth field can only be 'passive' or 'noun'");
        }
        lex.rules_.push_back(std::move(rule));
    });
    for (std::size_t i = 0; i < lex.rules_.size(); ++i)
        lex.by_lemma_[lex.rules_[i].verb].push_back(i);
    for (std::size_t i = 0; i < lex.rules_.size(); ++i)
        for (auto& form : verb_forms(lex.rules_[i].verb)) lex.by_form_[form].push_back(i);
    return lex;
}

RelationLexicon RelationLexicon::load(const std::filesystem::path& file) {
    return parse(read_data_file(file, "relation lexicon"), file.string());
}

RelationLexicon RelationLexicon::load_default() {
    return load(find_data_file("lexicons/relations.tsv"));
}

std::vector<const RelationRule*> RelationLexicon::rules_for(std::string_view lower_form) const {
    std::vector<const RelationRule*> out;
    if (auto it = by_form_.find(std::string(lower_form)); it != by_form_.end())
        for (auto i : it->second) out.push_back(&rules_[i]);
    return out;
}

const RelationRule* RelationLexicon::find(std::string_view lemma,
                                          const std::vector<std::string>& words,
                                          std::string_view preposition, bool passive,
                                          bool noun) const {
    auto it = by_lemma_.find(std::string(lemma));
    if (it == by_lemma_.end()) return nullptr;
    for (auto i : it->second) {
        const auto& r = rules_[i];
        if (r.words == words && r.preposition == preposition && r.passive == passive &&
            r.noun == noun)
            return &r;
    }
    return nullptr;
}

std::string default_relation(std::string_view lemma, const std::vector<std::string>& particles,
                             std::string_view preposition) {
    std::string out;
    const std::string l(lemma);
    for (const auto& irr : kIrregular)
        if (irr.lemma == l) out = std::string(irr.forms[0]);
    if (out.empty()) out = regular_past(l);
    for (const auto& p : particles) out += "-" + p;
    if (!preposition.empty()) out += "-" + std::string(preposition);
    for (auto& c : out)
        if (c == ' ') c = '-';
    return out;
}

}  // namespace kg
