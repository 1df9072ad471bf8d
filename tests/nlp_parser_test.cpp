// Uses the models shipped in models/ (found through kg::find_data_file).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "kg/nlp/pipeline.hpp"
#include "kg/nlp/token_features.hpp"

namespace {

const kg::Pipeline& pipeline() {
    static const kg::Pipeline p = kg::Pipeline::load();
    return p;
}

// Exactly one root, every head in range, and following heads from any word
// reaches the root (no cycles).
bool is_tree(const kg::Sentence& s) {
    const int n = static_cast<int>(s.tokens.size());
    int roots = 0;
    for (const auto& t : s.tokens) {
        if (t.head < 0 || t.head > n || t.deprel.empty()) return false;
        roots += t.head == 0;
    }
    if (roots != 1) return false;
    for (int i = 1; i <= n; ++i) {
        int at = i, steps = 0;
        while (at != 0 && steps++ <= n) at = s.tokens[at - 1].head;
        if (at != 0) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("tagger and parser produce a tree for every sentence", "[nlp]") {
    const std::string text =
        "Apple acquired the startup for $2 billion on Monday. "
        "The deal, which regulators approved last week, was announced in Cupertino.\n\n"
        "Shares rose 3%. Why? Nobody knows!\n"
        "Angela Merkel met Emmanuel Macron in Berlin to discuss the budget";
    const auto sentences = pipeline().analyze(text);
    REQUIRE(sentences.size() >= 4);
    for (const auto& s : sentences) {
        INFO(s.text);
        CHECK(is_tree(s));
        for (const auto& t : s.tokens) {
            CHECK_FALSE(t.upos.empty());
            CHECK_FALSE(t.xpos.empty());
            CHECK_FALSE(t.lemma.empty());
        }
    }
    const auto& first = sentences[0].tokens;
    CHECK(first[0].upos == "PROPN");
    CHECK(first[1].upos == "VERB");
    CHECK(first[1].head == 0);
    CHECK(first[1].lemma == "acquire");
    CHECK(first[0].deprel == "nsubj");
}

TEST_CASE("single words and long sentences are still trees", "[nlp]") {
    kg::Sentence one;
    one.text = "Hello";
    kg::Token hello;
    hello.form = "Hello";
    hello.end = 5;
    one.tokens.push_back(hello);
    pipeline().annotate(one);
    CHECK(is_tree(one));

    std::string long_text;
    for (int i = 0; i < 60; ++i) long_text += "and the cat saw a dog ";
    for (const auto& s : pipeline().analyze(long_text)) CHECK(is_tree(s));
}

TEST_CASE("lemmatizer handles unseen words with suffix rules", "[nlp]") {
    const auto& lem = pipeline().lemmatizer();
    CHECK(lem.lemmatize("acquisitions", "NOUN", "NNS") == "acquisition");
    CHECK(lem.lemmatize("invested", "VERB", "VBD") == "invest");
    CHECK(lem.lemmatize("reinvested", "VERB", "VBN") == "reinvest");
    CHECK(lem.lemmatize("Zorblaxes", "NOUN", "NNS") == "zorblax");
    CHECK(lem.lemmatize("was", "AUX", "VBD") == "be");
    CHECK(lem.lemmatize("Microsoft", "PROPN", "NNP") == "Microsoft");
}

TEST_CASE("the parser's word hashes are the tagger's", "[nlp]") {
    const std::string url = "https://example.org/" + std::string(80, 'x') + "/Report.PDF";
    const std::vector<std::string> forms = {"",   "a", "It", "U.S.", "NOT", "na\xC3\xAFve",
                                            "ca", url};
    for (const std::string& form : forms) {
        const kg::TokenHashes t = kg::hash_token(form);
        const kg::WordHashes w = kg::hash_word(form);
        INFO(form);
        CHECK(w.lower == t.lower);
        CHECK(w.suffix3 == t.suffix[2]);
    }
}
