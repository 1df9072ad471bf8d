// Tokenizer and sentence splitter for English news text, following UD English
// EWT conventions: contractions and possessives split into EWT's words
// ("did" "n't", "Bush" "'s"), "$" and "%" split from numbers, most hyphenated
// compounds split except bound prefixes ("e-mail") and phone numbers (see
// src/nlp/tokenizer.cpp), numbers, URLs, e-mail addresses and abbreviations
// kept whole. Token forms are never normalized: every token's form is
// text.substr(begin, end - begin). Linear time; any bytes are accepted.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "kg/nlp/sentence.hpp"

namespace kg {

// Splits `text` into tokens with byte offsets into `text`.
std::vector<Token> tokenize(std::string_view text);

// Splits `text` into sentences, each tokenized, offsets into `text`.
// Paragraph breaks (blank lines, and single newlines in news text) end
// sentences; headlines without final punctuation become their own sentences.
// A sentence never exceeds kMaxSentenceTokens tokens (longer runs are cut).
std::vector<Sentence> split_sentences(std::string_view text);

inline constexpr std::size_t kMaxSentenceTokens = 300;

// The same sentences, handed over one at a time as they are found, so a large
// text never holds all its tokens in memory at once.
using SentenceCallback = std::function<void(Sentence&&)>;
void for_each_sentence(std::string_view text, const SentenceCallback& emit);

// True when `next` is the second part of a word the tokenizer split ("did" +
// "n't", "Bush" + "'s", "gon" + "na"): together they form one multiword token
// in UD terms, i.e. one surface token in CoNLL-U ("3-4 didn't").
bool is_multiword_continuation(const Token& prev, const Token& next);

}  // namespace kg
