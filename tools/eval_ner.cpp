// eval_ner GUM_FOLDER [--model FILE] [--models DIR]
//
// Named-mention precision, recall and F1 (exact span match) and type accuracy
// on the matched spans, for a folder of GUM CoNLL-U files. Gold tokens are
// re-annotated by kg's Pipeline, so tags and trees are predicted, as at run
// time; the gold named mentions follow kg/extract/gum_entities.hpp. Also
// prints the tagger's speed (tokens/s, entity tagging alone). --errors lists
// every missed, spurious or mistyped name.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>

#include "kg/extract/entity_eval.hpp"
#include "kg/extract/mention_finder.hpp"
#include "kg/nlp/pipeline.hpp"

namespace {

std::string describe(const kg::Sentence& s, const kg::EntitySpan& e) {
    return std::string(kg::to_string(e.type)) + ":" + kg::tokens_text(s, e.begin, e.end);
}

void print_errors(const kg::EntityTagger& tagger, const std::vector<kg::EntityExample>& examples) {
    for (const auto& ex : examples) {
        const auto got = tagger.tag(ex.sentence);
        std::string line;
        for (const auto& g : ex.names) {
            const auto it = std::find_if(got.begin(), got.end(), [&](const kg::EntitySpan& p) {
                return p.begin == g.begin && p.end == g.end;
            });
            if (it == got.end())
                line += "  missed " + describe(ex.sentence, g);
            else if (it->type != g.type)
                line += "  typed " + describe(ex.sentence, g) + " as " +
                        std::string(kg::to_string(it->type));
        }
        for (const auto& p : got)
            if (std::none_of(ex.names.begin(), ex.names.end(), [&](const kg::EntitySpan& g) {
                    return p.begin == g.begin && p.end == g.end;
                }))
                line += "  spurious " + describe(ex.sentence, p);
        if (!line.empty()) std::printf("%s\n%s\n", ex.sentence.text.c_str(), line.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string folder, model, models;
    bool errors = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--model" && i + 1 < argc)
            model = argv[++i];
        else if (a == "--models" && i + 1 < argc)
            models = argv[++i];
        else if (a == "--errors")
            errors = true;
        else if (!a.empty() && a[0] != '-' && folder.empty())
            folder = a;
        else
            folder.clear(), i = argc;
    }
    if (folder.empty()) {
        std::cerr
            << "usage: eval_ner GUM_FOLDER [--model entities.bin] [--models NLP_DIR] [--errors]\n";
        return 2;
    }
    try {
        const kg::Pipeline pipeline =
            models.empty() ? kg::Pipeline::load() : kg::Pipeline::load(models);
        const kg::EntityTagger tagger =
            model.empty() ? kg::EntityTagger::load() : kg::EntityTagger::load(model);
        const auto gold = kg::read_gum_folder(folder);
        const std::clock_t c0 = std::clock();
        const auto examples = kg::gum_entity_examples(gold, pipeline, tagger.cues());
        const double annotate_seconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
        if (errors) print_errors(tagger, examples);
        // Tagging alone takes milliseconds; repeat it for a stable speed figure.
        kg::EntityScores s = kg::score_entities(tagger, examples);
        double seconds = s.seconds;
        std::size_t tokens = s.tokens;
        for (int r = 0; r < 9; ++r) {
            seconds += kg::score_entities(tagger, examples).seconds;
            tokens += s.tokens;
        }
        std::printf("%s: %zu sentences, %zu tokens, %zu gold named mentions, %zu predicted\n",
                    folder.c_str(), examples.size(), s.tokens, s.gold, s.predicted);
        std::printf("precision  %6.2f%%\nrecall     %6.2f%%\nF1         %6.2f%%\n",
                    100 * s.precision(), 100 * s.recall(), 100 * s.f1());
        std::printf("type accuracy on matched spans %6.2f%% (typed F1 %6.2f%%)\n",
                    100 * s.type_accuracy(), 100 * s.typed_f1());
        std::printf(
            "entity tagging: %.0f tokens/s (thread CPU time; input already tagged and parsed)\n",
            static_cast<double>(tokens) / seconds);
        std::printf("for comparison, Pipeline::annotate (tag, lemmatize, parse): %.0f tokens/s\n",
                    static_cast<double>(s.tokens) / annotate_seconds);
    } catch (const std::exception& e) {
        std::cerr << "eval_ner: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
