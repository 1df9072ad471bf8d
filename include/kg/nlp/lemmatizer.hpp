// Lemmatizer learned from a treebank: a (form, XPOS) -> lemma dictionary for
// seen words and, for unseen words, suffix rewrite rules ("strip k bytes,
// append s") chosen by the longest known suffix of the form with that XPOS.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kg/nlp/hash_index.hpp"
#include "kg/nlp/sentence.hpp"

namespace kg {

class Lemmatizer {
  public:
    static Lemmatizer train(std::span<const Sentence> treebank);
    // Throws kg::Error naming the file when it is missing, corrupt or not a lemmatizer.
    static Lemmatizer load(const std::filesystem::path& path);
    void save(const std::filesystem::path& path, std::string_view header) const;

    std::string lemmatize(std::string_view form, std::string_view upos,
                          std::string_view xpos) const;
    // Fills Token::lemma from form and the (predicted) tags.
    void lemmatize(Sentence& sentence) const;

    static constexpr std::string_view kFeatureConfig =
        "lemmatizer v1: (form, XPOS) and (lowercase form, XPOS) dictionary; "
        "suffix rules keyed by (XPOS, lowercase suffix of 0-7 bytes)";

  private:
    struct Rule {
        std::uint8_t strip = 0;
        std::uint32_t append = 0;  // index into strings_
    };
    std::vector<std::string> strings_;  // lemmas and rule suffixes
    HashIndex<std::uint32_t> dict_;     // hash(form, xpos) -> strings_
    HashIndex<Rule> rules_;             // hash(xpos, suffix) -> rule
};

}  // namespace kg
