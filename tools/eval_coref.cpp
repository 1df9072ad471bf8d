// Scores kg's within-document coreference (kg/extract/coreference.hpp) on GUM:
// every pronoun (it, its, he, she, they, ...) and "the company"-style
// description that kg resolves is checked against GUM's gold chains, counting
// only those whose gold chain has a named mention before them (kg resolves to
// names, nothing else). Tokens are GUM's; tags, trees and names are kg's own.
//
//   build/eval_coref [GUM_FOLDER]    (default ../shared/data/gum-wikimedia/test)
//
// Prints precision (resolved correctly / resolved) and coverage (resolved /
// eligible), for pronouns and descriptions separately.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "kg/error.hpp"
#include "kg/extract/coreference.hpp"
#include "kg/extract/dependency_tree.hpp"
#include "kg/extract/entity_tagger.hpp"
#include "kg/extract/gum_entities.hpp"
#include "kg/extract/mention_finder.hpp"
#include "kg/nlp/pipeline.hpp"
#include "kg/strings.hpp"

namespace fs = std::filesystem;

namespace {

struct Counts {
    int eligible = 0, resolved = 0, correct = 0;
};

void print(const char* what, const Counts& c) {
    std::printf("%-13s eligible %4d  resolved %4d  correct %4d  precision %.3f  coverage %.3f\n",
                what, c.eligible, c.resolved, c.correct,
                c.resolved ? static_cast<double>(c.correct) / c.resolved : 0.0,
                c.eligible ? static_cast<double>(c.resolved) / c.eligible : 0.0);
}

// The gold chain of the smallest GUM mention covering token `i`, or "".
std::string chain_at(const kg::GumSentence& s, std::size_t i) {
    const kg::GumMention* best = nullptr;
    for (const auto& m : s.mentions)
        if (m.begin <= i && i < m.end && (!best || m.end - m.begin < best->end - best->begin))
            best = &m;
    return best ? best->chain : "";
}

}  // namespace

int main(int argc, char** argv) try {
    const fs::path folder = argc > 1 ? argv[1] : "../shared/data/gum-wikimedia/test";
    if (!fs::is_directory(folder)) {
        std::cerr << "eval_coref: " << folder.string() << " not found\n";
        return 1;
    }
    const auto pipeline = kg::Pipeline::load();
    const auto tagger = kg::EntityTagger::load();
    Counts pronouns, descriptions;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.path().extension() == ".conllu") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto doc = kg::read_gum_file(file);
        kg::CoreferenceResolver coref;
        // Gold chains named so far: chain -> (sentence, token) of its first name.
        std::map<std::string, std::pair<std::size_t, std::size_t>> named_chain;
        // Where kg's antecedents were: (sentence, first token) -> gold chain.
        std::map<std::pair<std::size_t, std::size_t>, std::string> chain_of_mention;
        for (std::size_t si = 0; si < doc.size(); ++si) {
            auto& gold = doc[si];
            kg::Sentence s = gold.conllu.sentence;  // gold tokens
            const auto gold_tree_sentence = s;
            pipeline.annotate(s);
            const kg::DependencyTree tree(s);
            const auto names = kg::find_names(s, &tagger);
            for (const auto& n : names) chain_of_mention[{si, n.first}] = chain_at(gold, n.first);
            for (const auto& m : gold.mentions)
                if (!named_chain.count(m.chain) &&
                    !kg::named_mentions(gold_tree_sentence, {m}, tagger.cues()).empty())
                    named_chain[m.chain] = {si, m.begin};
            // Mentions are added first; resolve() only offers those before a token.
            coref.add_sentence(tree, names);
            for (std::size_t i = 0; i < s.tokens.size(); ++i) {
                const auto w = kg::to_lower_ascii(s.tokens[i].form);
                const bool pronoun = kg::CoreferenceResolver::is_pronoun(w) &&
                                     (s.tokens[i].upos == "PRON" || s.tokens[i].upos == "DET");
                bool description = false;
                if (!pronoun && i > 0 && kg::to_lower_ascii(s.tokens[i - 1].form) == "the" &&
                    kg::CoreferenceResolver::is_description(kg::to_lower_ascii(s.tokens[i].lemma)))
                    description = true;
                if (!pronoun && !description) continue;
                const auto chain = chain_at(gold, i);
                const auto named = named_chain.find(chain);
                if (chain.empty() || named == named_chain.end() ||
                    named->second >= std::make_pair(si, i))
                    continue;
                auto& counts = pronoun ? pronouns : descriptions;
                ++counts.eligible;
                const auto found = coref.resolve(
                    pronoun ? w : kg::to_lower_ascii(s.tokens[i].lemma), description, i);
                if (found.empty()) continue;
                ++counts.resolved;
                const auto key = std::make_pair(found.front().sentence, found.front().token);
                if (chain_of_mention.count(key) && chain_of_mention[key] == chain) ++counts.correct;
            }
            coref.next_sentence();
        }
    }
    std::printf("GUM %s, %zu documents\n", folder.string().c_str(), files.size());
    print("pronouns", pronouns);
    print("descriptions", descriptions);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "eval_coref: " << e.what() << '\n';
    return 1;
}
