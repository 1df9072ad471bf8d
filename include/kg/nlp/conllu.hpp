// Reading and writing CoNLL-U (https://universaldependencies.org/format.html).
// Only basic dependencies are kept: multiword range lines ("3-4") and empty
// nodes ("8.1") are skipped when reading words, the DEPS column is ignored.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "kg/nlp/sentence.hpp"

namespace kg {

struct ConlluSentence {
    std::string id;  // "# sent_id = ..." (empty if absent)
    Sentence sentence;
    // Surface tokens of multiword ranges, as [first, last] word indices
    // (0-based) with the surface form; needed to score tokenization.
    struct Range {
        std::size_t first = 0, last = 0;
        std::string form;
    };
    std::vector<Range> ranges;
};

// Parses CoNLL-U. Word offsets are filled relative to the sentence text
// ("# text =", or the forms joined by SpaceAfter when missing); Sentence::begin/end
// place each sentence in the concatenation of all texts joined by a single
// space or newline (see conllu_document_text). Throws kg::Error "<name>:<line>: ...".
std::vector<ConlluSentence> read_conllu(std::istream& in, std::string_view name);
std::vector<ConlluSentence> read_conllu_file(const std::filesystem::path& path);

// The raw text the treebank was made from, approximately: sentence texts
// joined by single spaces (so the splitter must find every boundary itself).
// Sentence offsets from read_conllu index into this string.
std::string conllu_document_text(const std::vector<ConlluSentence>& sentences);

// Writes one sentence: "# sent_id", "# text" and 10 columns (DEPS and MISC
// are "_" except SpaceAfter=No).
void write_conllu(std::ostream& out, const Sentence& sentence, std::string_view sent_id);

}  // namespace kg
