// The relation lexicon maps verb phrases to canonical relation names so that
// synonyms meet in the graph ("bought", "purchased", "acquired" -> acquired).
// It is a tab-separated file users can edit, lexicons/relations.tsv:
//
//   phrase<TAB>relation<TAB>subject type<TAB>object type[<TAB>passive]
//
// The phrase is a verb lemma, optional literal words, and an optional final
// preposition ("invest in", "pour money into", "acquire"). Types are entity
// types (Organization, Person, ...), "any", or for values "money", "date",
// "percent", "quantity". "passive" means the verb appears as a passive
// participle after a form of "be" ("is valued at").
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
    std::size_t size() const { return rules_.size(); }

  private:
    std::vector<RelationRule> rules_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_form_;
};

// Inflected forms of an English verb: "acquire" -> acquire, acquires,
// acquired, acquiring; irregular verbs common in news are known ("buy" -> bought).
std::vector<std::string> verb_forms(std::string_view lemma);

}  // namespace kg
