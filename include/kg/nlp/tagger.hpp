// Part-of-speech tagger: a greedy left-to-right averaged perceptron that
// predicts the (UPOS, XPOS) pair jointly, with word, affix, shape and
// +-2 context features and the two previous predicted tags.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kg/nlp/hash_index.hpp"
#include "kg/nlp/perceptron.hpp"
#include "kg/nlp/sentence.hpp"
#include "kg/nlp/token_features.hpp"

namespace kg {

struct TaggerTrainOptions {
    int epochs = 10;
    std::uint64_t seed = 1;
    float prune_below = 0.0f;     // drop feature rows with all |w| below this
    std::ostream* log = nullptr;  // per-epoch progress, if set
};

class Tagger {
  public:
    // Throws kg::Error naming the file when it is missing, corrupt or not a tagger.
    static Tagger load(const std::filesystem::path& path);
    void save(const std::filesystem::path& path, std::string_view header) const;

    // Learns from gold UPOS/XPOS; `dev` (may be empty) is only used for logging.
    static Tagger train(std::span<const Sentence> train, std::span<const Sentence> dev,
                        const TaggerTrainOptions& options);

    // Fills Token::upos and Token::xpos of every token.
    void tag(Sentence& sentence) const;

    std::size_t n_features() const { return model_.n_features(); }
    static constexpr std::string_view kFeatureConfig =
        "tagger v2: joint UPOS|XPOS classes; features: bias, form, lower, prefix1-3, "
        "suffix1-4, shape, flags, lower/suffix3/shape at -2..+2, bigrams w-1 w, w w+1, "
        "previous two predicted tags, tag x word, ambiguity classes at -1..+2";

  private:
    void predict(std::span<const Token> tokens, std::vector<int>& classes) const;
    void ambiguity_classes(const std::vector<TokenHashes>& h,
                           std::vector<std::uint64_t>& out) const;

    std::vector<std::string> upos_;  // per class
    std::vector<std::string> xpos_;
    HashIndex<std::uint64_t> ambiguity_;  // lowercase form -> tag set
    Perceptron model_;
};

}  // namespace kg
