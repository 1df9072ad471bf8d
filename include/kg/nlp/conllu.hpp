// Reading and writing CoNLL-U (https://universaldependencies.org/format.html).
// Only basic dependencies are kept: the words are the sentence's tokens,
// multiword range lines ("3-4") are kept beside them (written back as read),
// empty nodes ("8.1") and the DEPS column are dropped.
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
    // (0-based) with the surface form and MISC column (SpaceAfter=No of a
    // contraction is there); needed to score tokenization and to write the
    // sentence back.
    struct Range {
        std::size_t first = 0, last = 0;
        std::string form;
        std::string misc = "_";
    };
    std::vector<Range> ranges;
    // Comment lines other than sent_id and text ("# newdoc id = ...").
    std::vector<std::string> comments;
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
// The same for a sentence read by read_conllu, with its other comments and
// multiword range lines as they were read.
void write_conllu(std::ostream& out, const ConlluSentence& sentence, std::string_view sent_id);

}  // namespace kg
