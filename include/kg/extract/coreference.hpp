// Coreference within one document, by salience: a pronoun (he, she, it,
// its, they, their) or a definite description ("the company", "the
// start-up") refers to a compatible entity named shortly before it,
// preferring one named as a subject. Facts are then stored on that entity
// instead of on the pronoun. What cannot be resolved stays unresolved: the
// extractor drops a fact rather than guess.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/dependency_tree.hpp"
#include "kg/extract/mention_finder.hpp"
#include "kg/extract/triple.hpp"

namespace kg {

struct EntityMention {
    std::string name;
    EntityType type = EntityType::Other;
    bool subject = false;   // named as a clause's subject
    std::size_t group = 0;  // coordinated mentions ("OpenAI and Microsoft") share a group
    std::size_t sentence = 0;
    std::size_t token = 0;
};

class CoreferenceResolver {
  public:
    // Starts the next sentence; mentions are then added in token order.
    void next_sentence();
    void add(EntityMention mention);
    // Adds a parsed sentence's names, marking subjects and coordinated
    // subjects ("OpenAI and Microsoft revised …") from the tree.
    void add_sentence(const DependencyTree& tree, const std::vector<MentionSpan>& names);

    // The entities `word` (lower case: a pronoun, or a description's head
    // noun when `definite`) at `token` of the current sentence refers to:
    // empty when unresolved, several for "they" after "OpenAI and Microsoft".
    std::vector<EntityMention> resolve(std::string_view word, bool definite,
                                       std::size_t token) const;

    // Whether `word` is something resolve() handles at all.
    static bool is_pronoun(std::string_view word);
    static bool is_description(std::string_view head_word);

    std::size_t sentence() const { return sentence_; }

  private:
    const EntityMention* most_salient(EntityType type, bool any_but_person, std::size_t token,
                                      std::size_t window) const;

    std::vector<EntityMention> mentions_;
    std::size_t sentence_ = 0;
    std::size_t next_group_ = 0;
};

}  // namespace kg
