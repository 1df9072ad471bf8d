// Finds typed values in a tokenized sentence: money ("$1 billion",
// "over $150 billion", "1.5 billion dollars", "€20m"), percents ("2%",
// "3 percent"), years and dates ("2019", "March 2019", "March 5, 2019") and
// counted quantities ("28 million users"). Works on tokens, so it follows
// the tokenizer's conventions ("$" and "1" are separate tokens).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "kg/extract/value.hpp"
#include "kg/nlp/sentence.hpp"

namespace kg {

struct ValueSpan {
    std::size_t first = 0;  // token indices [first, last) in the sentence
    std::size_t last = 0;
    Value value;
};

// Every value in the sentence, left to right, non-overlapping.
std::vector<ValueSpan> find_values(const Sentence& sentence);

// A number written in digits ("1,000", "1.5") or as a small word ("two").
std::optional<double> parse_number(std::string_view word);

}  // namespace kg
