// The entity annotation of the GUM corpus (MISC column `Entity=`, CoNLL-2012
// brackets: "(ID-type-infstat-salience-centering-minspan-link[-identity]" opens
// a mention, "ID)" closes it) and kg's definition of a *named mention*, used
// both to train the entity tagger and to score it:
//
//  1. Head: the first non-punctuation word of the mention whose (gold) head is
//     outside the mention. The mention is named when that word is PROPN.
//  2. Type: person -> Person, organization -> Organization, place -> Place,
//     event -> Event, object -> Product; abstract, substance, plant, animal ->
//     Other; time mentions are never names (dates are values).
//  3. Name span: GUM mentions hold whole noun phrases ("the University of
//     Basel, where he taught"); the name is the contiguous run of name words
//     around the head, inside the mention. Name words are PROPN, or
//     capitalized words that are not DET/PRON/ADP/CCONJ/SCONJ/PART/AUX/PUNCT
//     ("United", "Red" in "Red Sox"); numbers join on the right ("World War
//     II", "STS-135"). Between name words the run may cross up to three
//     joiners: "-", ".", "'", ":", "/", "–", and, except in Person names,
//     lower-case of/the/and/&/for/de/la/del/der/von/van/du/da/des/le/di
//     ("Bank of America", "Globe and Mail"). The run never extends left over a
//     title cue ("Mr.", "President": EntityCues kCueTitle), and leading titles
//     are dropped; a run of titles only is no name.
//  4. Nesting: the name spans of all named mentions of a sentence are kept
//     longest first, dropping any that overlaps one already kept.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kg/extract/entity_cues.hpp"
#include "kg/extract/entity_tagger.hpp"
#include "kg/nlp/conllu.hpp"

namespace kg {

struct GumMention {
    std::size_t begin = 0, end = 0;  // word indices [begin, end)
    std::string type;                // GUM entity type: "person", "place", ...
    std::string identity;            // Wikipedia identity, empty if none
    std::string chain;               // coreference chain: mentions of one entity share it
};

struct GumSentence {
    ConlluSentence conllu;  // as kg's CoNLL-U reader reads it (gold annotation)
    std::vector<GumMention> mentions;
};

// Throws kg::Error "<file>:<line>: ..." for unbalanced or malformed brackets.
std::vector<GumSentence> read_gum_file(const std::filesystem::path& file);
// Every *.conllu file of a folder, in name order.
std::vector<GumSentence> read_gum_folder(const std::filesystem::path& folder);

// Named mentions of one sentence, by the definition above; `sentence` must
// carry gold UPOS and heads.
std::vector<EntitySpan> named_mentions(const Sentence& sentence,
                                       const std::vector<GumMention>& mentions,
                                       const EntityCues& cues);

}  // namespace kg
