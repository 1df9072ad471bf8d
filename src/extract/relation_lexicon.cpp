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

constexpr std::array<Irregular, 26> kIrregular{{
    {"buy", {"bought", "bought"}},     {"sell", {"sold", "sold"}},
    {"lead", {"led", "led"}},          {"take", {"took", "taken"}},
    {"make", {"made", "made"}},        {"pay", {"paid", "paid"}},
    {"win", {"won", "won"}},           {"spend", {"spent", "spent"}},
    {"sink", {"sank", "sunk"}},        {"put", {"put", "put"}},
    {"set", {"set", "set"}},           {"strike", {"struck", "struck"}},
    {"bring", {"brought", "brought"}}, {"hold", {"held", "held"}},
    {"have", {"had", "had"}},          {"get", {"got", "gotten"}},
    {"give", {"gave", "given"}},       {"leave", {"left", "left"}},
    {"begin", {"began", "begun"}},     {"become", {"became", "become"}},
    {"build", {"built", "built"}},     {"run", {"ran", "run"}},
    {"pour", {"poured", "poured"}},    {"sue", {"sued", "sued"}},
    {"outbid", {"outbid", "outbid"}},  {"bid", {"bid", "bid"}},
}};

bool is_vowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
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
    if (last == 'e') {
        forms.push_back(lemma + "s");
        forms.push_back(lemma + "d");
        forms.push_back(lemma.substr(0, lemma.size() - 1) + "ing");
    } else if (last == 'y' && !is_vowel(before)) {
        const auto stem = lemma.substr(0, lemma.size() - 1);
        forms.push_back(stem + "ies");
        forms.push_back(stem + "ied");
        forms.push_back(lemma + "ing");
    } else {
        const bool sibilant = last == 's' || last == 'x' || last == 'z' || last == 'h';
        forms.push_back(lemma + (sibilant ? "es" : "s"));
        forms.push_back(lemma + "ed");
        forms.push_back(lemma + "ing");
    }
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
    if (out.empty()) {
        const char last = l.empty() ? '\0' : l.back();
        const char before = l.size() > 1 ? l[l.size() - 2] : '\0';
        if (last == 'e')
            out = l + "d";
        else if (last == 'y' && !is_vowel(before))
            out = l.substr(0, l.size() - 1) + "ied";
        else
            out = l + "ed";
    }
    for (const auto& p : particles) out += "-" + p;
    if (!preposition.empty()) out += "-" + std::string(preposition);
    for (auto& c : out)
        if (c == ' ') c = '-';
    return out;
}

}  // namespace kg
