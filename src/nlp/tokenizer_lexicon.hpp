// Word lists the tokenizer and sentence splitter consult: abbreviations,
// hyphen prefixes, unit suffixes, fused contractions ("dont"), and words that
// typically start a sentence. Lookups are case-insensitive unless noted and
// allocate nothing.
#pragma once

#include <cstddef>
#include <string_view>

namespace kg::tok {

enum class Abbreviation {
    none,
    title,  // precedes a name ("Mr.", "Dr.", "Jan."): never ends a sentence mid-line
    other,  // may end a sentence ("Inc.", "etc.", "U.S.")
};

// `word` without its final period, case-sensitive ("Mr", "etc", "U.S").
Abbreviation abbreviation_kind(std::string_view word);

// The same for `word` lowercased ("INC" as "inc").
Abbreviation abbreviation_kind_lowered(std::string_view word);

// First parts EWT keeps attached by a hyphen ("e-mail", "non-profit").
bool is_hyphen_prefix(std::string_view segment);

// Letters after a number that EWT splits off ("5 pm", "65 k", "10 mm").
bool is_unit_suffix(std::string_view letters);

// Where an apostrophe-less contraction splits ("dont" -> 2, "cannot" -> 3,
// "gonna" -> 3); 0 when `word` is not one.
std::size_t fused_contraction_split(std::string_view word);

// Second parts of split words ("n't", "'s", "’ll", "nt", "na"), ASCII or curly
// apostrophe.
bool is_clitic(std::string_view form);

// Capitalized words that usually begin a sentence ("The", "He", "But"), used
// to decide whether "U.S." or "Inc." ends one.
bool is_sentence_starter(std::string_view word);

}  // namespace kg::tok
