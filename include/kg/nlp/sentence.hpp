// Tokens and sentences: the nlp stage's output, in the shape of a CoNLL-U row.
// Offsets are byte offsets into the text the sentence was split from, so every
// later stage can point back at the exact characters a fact came from.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kg {

struct Token {
    std::string form;       // surface text (for split contractions, the part: "did", "n't")
    std::size_t begin = 0;  // byte offsets [begin, end) into the source text
    std::size_t end = 0;
    std::string lemma;   // empty until a lemmatizer ran
    std::string upos;    // UD universal tag; empty until a tagger ran
    std::string xpos;    // Penn Treebank tag; empty until a tagger ran
    int head = -1;       // 0 = root, 1-based index of the head token, -1 = not parsed
    std::string deprel;  // UD relation; empty until parsed
    bool space_after = true;
};

struct Sentence {
    std::size_t begin = 0;  // byte offsets [begin, end) into the source text
    std::size_t end = 0;
    std::string text;  // the sentence's own text (source[begin, end))
    std::vector<Token> tokens;
};

}  // namespace kg
