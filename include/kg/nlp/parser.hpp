// Greedy transition-based dependency parser (arc-hybrid, Kuhlmann et al. 2011)
// trained with a dynamic oracle and error exploration (Goldberg & Nivre 2013).
// Two averaged perceptrons: one picks the transition (SHIFT, LEFT, RIGHT)
// from Zhang & Nivre (2011)-style rich non-local features, the other labels
// each arc as it is built, when the dependent's subtree is already complete.
// Training can average several such models (different seeds) into one: the
// scores are those of the ensemble, the cost at parse time that of one model.
// ROOT sits at the bottom of the stack and takes its single dependent only
// once the buffer is empty, so every parse is a tree with exactly one root.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kg/nlp/perceptron.hpp"
#include "kg/nlp/sentence.hpp"

namespace kg {

struct ParserTrainOptions {
    int epochs = 15;
    std::uint64_t seed = 1;
    double explore = 0.9;  // probability of following the model's own move
    int explore_from = 1;  // first epoch (0-based) with exploration
    float prune_below = 0.0f;
    float label_prune_below = 0.0f;
    int ensemble = 1;     // models (seeds seed, seed + 1000, ...) whose mean is kept
    int report_from = 0;  // also log dev scores after each epoch from this one (1-based) on
    std::ostream* log = nullptr;
};

class Parser {
  public:
    // Throws kg::Error naming the file when it is missing, corrupt or not a parser.
    static Parser load(const std::filesystem::path& path);
    void save(const std::filesystem::path& path, std::string_view header) const;

    // Learns from gold HEAD/DEPREL; uses the XPOS already in `train` (give it
    // predicted tags). `dev` is only used for logging.
    static Parser train(std::span<const Sentence> train, std::span<const Sentence> dev,
                        const ParserTrainOptions& options);

    // Fills Token::head and Token::deprel from form, upos, xpos and lemma.
    void parse(Sentence& sentence) const;

    std::size_t n_features() const { return moves_.n_features() + labels_.n_features(); }

    static constexpr std::string_view kFeatureConfig =
        "parser v4: arc-hybrid, greedy; transitions: Zhang&Nivre-2011 style features over "
        "s0-s2, b0-b2, left/right-most two children, distance, valency, label sets, child "
        "label pairs, verbs ahead of b0/b1 (word = lowercase form, tag = XPOS, plus UPOS pairs "
        "and lemmas); labels: head/dependent words, tags, lemmas, children, label sets, "
        "direction, distance";

  private:
    static void log_dev_scores(const Parser& parser, std::span<const Sentence> dev,
                               std::ostream& log);

    std::vector<std::string> label_names_;
    Perceptron moves_;
    Perceptron labels_;
};

}  // namespace kg
