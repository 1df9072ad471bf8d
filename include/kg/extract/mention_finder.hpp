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
};

std::vector<MentionSpan> find_mentions(const Sentence& sentence);

// The surface text of tokens [first, last), spaced as in the source.
std::string tokens_text(const Sentence& sentence, std::size_t first, std::size_t last);

}  // namespace kg
