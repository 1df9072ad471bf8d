// Scoring the tagger, lemmatizer and parser against gold CoNLL-U with gold
// tokenization, over all words (punctuation included, as CoNLL 2018 does).
// Shared by tools/eval_nlp and tests/nlp_accuracy_test.cpp.
#pragma once

#include <cstddef>
#include <span>

#include "kg/nlp/conllu.hpp"

namespace kg {

class Pipeline;

struct TaggingScores {
    std::size_t words = 0, upos_ok = 0, xpos_ok = 0, lemma_ok = 0, head_ok = 0, labeled_ok = 0;
    double upos() const { return pct(upos_ok); }
    double xpos() const { return pct(xpos_ok); }
    double lemma() const { return pct(lemma_ok); }
    double uas() const { return pct(head_ok); }
    double las() const { return pct(labeled_ok); }

  private:
    double pct(std::size_t n) const { return words ? 100.0 * double(n) / double(words) : 0.0; }
};

// Strips the annotation of each gold sentence, re-annotates it and compares.
// A gold DEPREL "nmod:poss" must match exactly (subtypes count), as in LAS.
TaggingScores evaluate_gold_tokens(const Pipeline& pipeline, std::span<const ConlluSentence> gold);

}  // namespace kg
