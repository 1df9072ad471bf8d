// The relation lexicon maps verb phrases to canonical relation names so that
// synonyms meet in the graph ("bought", "purchased", "acquired" -> acquired).
// It is a tab-separated file users can edit, lexicons/relations.tsv:
//
//   phrase<TAB>relation<TAB>subject type<TAB>object type[<TAB>passive|noun]
//
// The phrase is a verb lemma, optional literal words, and an optional final
// preposition ("invest in", "pour money into", "acquire"). Types are entity
// types (Organization, Person, ...), "any", or for values "money", "date",
// "percent", "quantity". "passive" means the verb appears as a passive
// participle ("is valued at"); "noun" that the phrase's first word is a noun
// whose possessor is the subject ("Microsoft's investment in OpenAI").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kg/extract/triple.hpp"
#include "kg/extract/value.hpp"

namespace kg {

struct RelationRule {
    std::string verb;                // lemma: "invest"
    std::vector<std::string> words;  // literal words between verb and preposition
    std::string preposition;         // "in"; empty for a direct object
    std::string relation;            // "invested-in"
    std::string subject_type;        // entity type name or "any"
    std::string object_type;         // entity type name, "any", or a value kind
    bool passive = false;
    bool noun = false;

    bool object_is_value() const;
};

class RelationLexicon {
  public:
    // Throws kg::Error naming the file and line of a malformed entry.
    static RelationLexicon load(const std::filesystem::path& file);
    // lexicons/relations.tsv found through find_data_file.
    static RelationLexicon load_default();
    static RelationLexicon parse(std::string_view text, std::string_view name);

    // The rules whose verb can be written `form` (any inflection, lower case).
    std::vector<const RelationRule*> rules_for(std::string_view lower_form) const;

    bool has_lemma(std::string_view lemma) const { return by_lemma_.count(std::string(lemma)) > 0; }

    // The rule for a phrase read off a parse: verb (or noun) lemma, the
    // literal words after it, the preposition; nullptr when none.
    const RelationRule* find(std::string_view lemma, const std::vector<std::string>& words,
                             std::string_view preposition, bool passive, bool noun) const;
    std::size_t size() const { return rules_.size(); }

  private:
    std::vector<RelationRule> rules_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_form_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_lemma_;
};

// The relation name kg gives a verb the lexicon does not know: its past
// tense, with the particle and preposition ("revise" -> "revised",
// "switch", {"over"}, "to" -> "switched-over-to").
std::string default_relation(std::string_view lemma, const std::vector<std::string>& particles,
                             std::string_view preposition);

// Inflected forms of an English verb: "acquire" -> acquire, acquires,
// acquired, acquiring; irregular verbs common in news are known ("buy" -> bought).
std::vector<std::string> verb_forms(std::string_view lemma);

}  // namespace kg
