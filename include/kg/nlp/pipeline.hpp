// The nlp stage as one object: tokenizer + sentence splitter, tagger,
// lemmatizer and parser, with the models shipped in models/. Loading takes
// ~150 ms, so load once and share: the const methods keep no state and may
// be called from several threads at once.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "kg/nlp/lemmatizer.hpp"
#include "kg/nlp/parser.hpp"
#include "kg/nlp/sentence.hpp"
#include "kg/nlp/tagger.hpp"

namespace kg {

class Pipeline {
  public:
    // Finds models/{tagger,lemmatizer,parser}.bin with kg::find_data_file.
    // Throws kg::Error naming the file that is missing or corrupt.
    static Pipeline load();
    // Loads the three models from one folder.
    static Pipeline load(const std::filesystem::path& models_dir);

    // Splits `text` into sentences and annotates each (offsets index `text`).
    std::vector<Sentence> analyze(std::string_view text) const;

    // Fills upos, xpos, lemma, head and deprel of already tokenized words.
    void annotate(Sentence& sentence) const;

    const Tagger& tagger() const { return tagger_; }
    const Lemmatizer& lemmatizer() const { return lemmatizer_; }
    const Parser& parser() const { return parser_; }

  private:
    Pipeline(Tagger tagger, Lemmatizer lemmatizer, Parser parser)
        : tagger_(std::move(tagger)),
          lemmatizer_(std::move(lemmatizer)),
          parser_(std::move(parser)) {}

    Tagger tagger_;
    Lemmatizer lemmatizer_;
    Parser parser_;
};

}  // namespace kg
