// Finds named-entity mentions in a tokenized sentence: runs of proper nouns
// (PROPN when the sentence is tagged, capitalized words otherwise), joined by
// "of"/"&" inside names ("Bank of America"), with corporate suffixes and
// personal titles typed on the spot ("Nvidia Corp." is an Organization,
// "Mr. Nadella" a Person). Possessive 's is never part of a mention.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "kg/extract/triple.hpp"
#include "kg/nlp/sentence.hpp"

namespace kg {

struct MentionSpan {
    std::size_t first = 0;  // token indices [first, last)
    std::size_t last = 0;
    std::string text;  // surface text, titles like "Mr." removed
    EntityType type = EntityType::Other;
    // The words settle the type ("Corp.", "Mr."); otherwise it is a guess
    // that a relation's expected argument type may overrule.
    bool type_certain = false;
};

std::vector<MentionSpan> find_mentions(const Sentence& sentence);

class EntityTagger;
// The names of an annotated sentence as the extractor sees them: the entity
// tagger's (when given), then the capitalized runs find_mentions sees that
// the tagger missed. Where both see a name, a type the words make certain
// ("Corp.", "Mr.") wins over the tagger's guess. In token order.
std::vector<MentionSpan> find_names(const Sentence& sentence, const EntityTagger* tagger);

// The surface text of tokens [first, last), spaced as in the source.
std::string tokens_text(const Sentence& sentence, std::size_t first, std::size_t last);

}  // namespace kg
