// Scoring kg::split_sentences against a UD treebank, as in the CoNLL 2018
// shared task: the raw text is rebuilt from the CoNLL-U "# text" lines
// (paragraphs, at "# newpar"/"# newdoc", separated by a blank line; the
// sentences of a paragraph joined by a space), then tokens, words and
// sentences count as correct when their byte spans equal gold ones. Tokens
// are surface tokens: a multiword token ("3-4 didn't") is one, and the
// tokenizer's split words are regrouped with kg::is_multiword_continuation.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <utility>
#include <vector>

namespace kg {

struct SpanScore {
    std::size_t gold = 0, system = 0, correct = 0;
    double precision() const { return system ? double(correct) / double(system) : 0.0; }
    double recall() const { return gold ? double(correct) / double(gold) : 0.0; }
    double f1() const {
        const double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
};

using ByteSpan = std::pair<std::size_t, std::size_t>;

struct TokenizerEvaluation {
    std::string text;  // the rebuilt raw text all spans index into
    std::vector<ByteSpan> gold_tokens, gold_words, gold_sentences;
    std::vector<ByteSpan> system_tokens, system_words, system_sentences;
    SpanScore tokens, words, sentences;
};

// Reads a CoNLL-U treebank, runs split_sentences on its text and scores it.
TokenizerEvaluation evaluate_tokenizer(std::istream& conllu);

// Counts equal spans of two lists (each span at most once).
SpanScore score_spans(std::vector<ByteSpan> gold, std::vector<ByteSpan> system);

}  // namespace kg
