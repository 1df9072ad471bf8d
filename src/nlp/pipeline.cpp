#include "kg/nlp/pipeline.hpp"

#include "kg/data_files.hpp"
#include "kg/nlp/tokenizer.hpp"

namespace kg {

Pipeline Pipeline::load() {
    return Pipeline(Tagger::load(find_data_file("models/tagger.bin")),
                    Lemmatizer::load(find_data_file("models/lemmatizer.bin")),
                    Parser::load(find_data_file("models/parser.bin")));
}

Pipeline Pipeline::load(const std::filesystem::path& models_dir) {
    return Pipeline(Tagger::load(models_dir / "tagger.bin"),
                    Lemmatizer::load(models_dir / "lemmatizer.bin"),
                    Parser::load(models_dir / "parser.bin"));
}

std::vector<Sentence> Pipeline::analyze(std::string_view text) const {
    std::vector<Sentence> sentences = split_sentences(text);
    for (Sentence& s : sentences) annotate(s);
    return sentences;
}

void Pipeline::annotate(Sentence& sentence) const {
    if (sentence.tokens.empty()) return;
    tagger_.tag(sentence);
    lemmatizer_.lemmatize(sentence);
    parser_.parse(sentence);
}

}  // namespace kg
