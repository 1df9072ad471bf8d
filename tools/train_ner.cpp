// Trains the entity tagger (models/entities.bin) on the named mentions of
// GUM's Wikimedia genres, deterministically for a given --seed, and scores it
// on GUM dev. See models/README.md.
//
//   build/train_ner [--data DIR] [--out FILE] [--cues FILE] [--models DIR]
//                   [--seed N] [--epochs N] [--type-epochs N] [--prune W]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "kg/data_files.hpp"
#include "kg/error.hpp"
#include "kg/extract/entity_eval.hpp"
#include "kg/nlp/pipeline.hpp"

namespace fs = std::filesystem;

namespace {

struct Options {
    fs::path data = "../shared/data";  // run from the repository root
    fs::path out = "models/entities.bin";
    fs::path cues;    // default: lexicons/entity_cues.tsv via find_data_file
    fs::path models;  // nlp models; default: found like kg finds them
    kg::EntityTrainOptions train;
};

std::string header(const Options& o, std::size_t cue_words) {
    std::string h;
    h += "kg entity model, trained by build/train_ner --seed " + std::to_string(o.train.seed) +
         " --epochs " + std::to_string(o.train.epochs) + " --type-epochs " +
         std::to_string(o.train.typer_epochs) + "\n";
    h += "features: " + std::string(kg::EntityTagger::kFeatureConfig) + "\n";
    h += "cues: " + std::to_string(cue_words) + " entries from lexicons/entity_cues.tsv\n";
    h += "input annotation: kg's Pipeline (models/tagger.bin, lemmatizer.bin, parser.bin)\n";
    h += "training data: named mentions of the GUM corpus, Wikimedia genres "
         "(gum-wikimedia/train; see include/kg/extract/gum_entities.hpp)\n";
    h += "license: derived from GUM (Zeldes 2017, https://gucorpling.org/gum/), CC BY 4.0 "
         "(https://creativecommons.org/licenses/by/4.0/); annotation by the GUM annotators\n"
         "this model file is distributed under CC BY 4.0 with the attribution above\n";
    return h;
}

void print(const char* name, const kg::EntityScores& s) {
    std::printf(
        "%s: %zu gold, %zu predicted, P %.2f R %.2f F1 %.2f, type acc %.2f, typed F1 %.2f\n", name,
        s.gold, s.predicted, 100 * s.precision(), 100 * s.recall(), 100 * s.f1(),
        100 * s.type_accuracy(), 100 * s.typed_f1());
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "train_ner: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--data")
            o.data = value();
        else if (a == "--out")
            o.out = value();
        else if (a == "--cues")
            o.cues = value();
        else if (a == "--models")
            o.models = value();
        else if (a == "--seed")
            o.train.seed = std::stoull(value());
        else if (a == "--epochs")
            o.train.epochs = std::stoi(value());
        else if (a == "--type-epochs")
            o.train.typer_epochs = std::stoi(value());
        else if (a == "--prune")
            o.train.prune_below = std::stof(value());
        else {
            std::cerr << "usage: train_ner [--data DIR] [--out FILE] [--cues FILE] [--models DIR]"
                         " [--seed N] [--epochs N] [--type-epochs N] [--prune W]\n";
            return 2;
        }
    }
    try {
        const auto t0 = std::chrono::steady_clock::now();
        const kg::Pipeline pipeline =
            o.models.empty() ? kg::Pipeline::load() : kg::Pipeline::load(o.models);
        kg::EntityCues cues = kg::EntityCues::load(
            o.cues.empty() ? kg::find_data_file("lexicons/entity_cues.tsv") : o.cues);
        const auto gum = o.data / "gum-wikimedia";
        if (!fs::is_directory(gum / "train"))
            throw kg::Error((gum / "train").string() +
                            ": not found (the training data lives in ../shared)");
        const auto train =
            kg::gum_entity_examples(kg::read_gum_folder(gum / "train"), pipeline, cues);
        const auto dev = kg::gum_entity_examples(kg::read_gum_folder(gum / "dev"), pipeline, cues);
        std::size_t names = 0;
        for (const auto& ex : train) names += ex.names.size();
        std::printf("train: %zu sentences, %zu named mentions\n", train.size(), names);
        const std::size_t cue_words = cues.entries().size();
        o.train.log = &std::cerr;
        const auto tagger = kg::EntityTagger::train(train, std::move(cues), o.train);
        tagger.save(o.out, header(o, cue_words));
        print("train", kg::score_entities(tagger, train));
        print("dev", kg::score_entities(tagger, dev));
        std::printf("%s: %zu feature rows, %ju bytes, %.1f s\n", o.out.c_str(), tagger.n_features(),
                    static_cast<std::uintmax_t>(fs::file_size(o.out)),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    } catch (const std::exception& e) {
        std::cerr << "train_ner: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
