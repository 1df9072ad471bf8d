// Retrains every nlp model (tagger, lemmatizer, parser) from the treebanks in
// /work/shared/data, deterministically for a given --seed. See models/README.md.
//
//   build/train_nlp [--data DIR] [--out DIR] [--seed N] [--tagger-epochs N]
//                   [--parser-epochs N] [--folds N] [--no-gum] [--limit N]
//                   [--only tagger|lemmatizer|parser]
//                   [--tagger-prune W] [--parser-prune W] [--label-prune W]
//                   [--tags-cache FILE] [--explore P] [--explore-from EPOCH]
//                   [--parser-ensemble N] [--predicted-lemmas] [--report-from EPOCH]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kg/error.hpp"
#include "kg/nlp/conllu.hpp"
#include "kg/nlp/lemmatizer.hpp"
#include "kg/nlp/parser.hpp"
#include "kg/nlp/tagger.hpp"

namespace fs = std::filesystem;

namespace {

struct Options {
    fs::path data = "../shared/data";  // run from the repository root
    fs::path out = "models";
    std::uint64_t seed = 1;
    int tagger_epochs = 8;
    int parser_epochs = 12;
    int folds = 5;
    bool gum = true;
    std::size_t limit = 0;
    std::string only;
    fs::path tags_cache;  // jackknifed training tags, reused when it exists
    float parser_prune = 1.0f;
    float label_prune = 1.0f;
    float tagger_prune = 0.05f;
    double explore = 0.9;
    int explore_from = 1;
    int report_from = 0;
    int ensemble = 5;
    bool predicted_lemmas = false;
};

std::vector<kg::Sentence> load(const fs::path& file, std::vector<kg::Sentence>& into) {
    for (auto& cs : kg::read_conllu_file(file)) into.push_back(std::move(cs.sentence));
    return into;
}

std::string license_header(const Options& o, std::string_view config, std::string_view extra) {
    std::string h;
    h += "kg nlp model, trained by build/train_nlp --seed " + std::to_string(o.seed) + "\n";
    h += "features: " + std::string(config) + "\n";
    if (!extra.empty()) h += std::string(extra) + "\n";
    h += "training data: Universal Dependencies English EWT (en_ewt-ud-train.conllu)";
    if (o.gum) h += " and the GUM corpus, Wikimedia genres (gum-wikimedia/train)";
    h += "\nlicense: derived from UD English EWT, CC BY-SA 4.0 "
         "(https://creativecommons.org/licenses/by-sa/4.0/; Silveira et al. 2014, UD project)";
    if (o.gum)
        h += "; and from GUM (Zeldes 2017, https://gucorpling.org/gum/), CC BY 4.0 "
             "(https://creativecommons.org/licenses/by/4.0/)";
    h += "\nthis model file is distributed under CC BY-SA 4.0 with the attributions above\n";
    return h;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "train_nlp: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--data")
            o.data = value();
        else if (a == "--out")
            o.out = value();
        else if (a == "--seed")
            o.seed = std::stoull(value());
        else if (a == "--tagger-epochs")
            o.tagger_epochs = std::stoi(value());
        else if (a == "--parser-epochs")
            o.parser_epochs = std::stoi(value());
        else if (a == "--folds")
            o.folds = std::stoi(value());
        else if (a == "--no-gum")
            o.gum = false;
        else if (a == "--limit")
            o.limit = std::stoul(value());
        else if (a == "--only")
            o.only = value();
        else if (a == "--tags-cache")
            o.tags_cache = value();
        else if (a == "--explore")
            o.explore = std::stod(value());
        else if (a == "--report-from")
            o.report_from = std::stoi(value());
        else if (a == "--parser-ensemble")
            o.ensemble = std::stoi(value());
        else if (a == "--predicted-lemmas")
            o.predicted_lemmas = true;
        else if (a == "--explore-from")
            o.explore_from = std::stoi(value());
        else if (a == "--parser-prune")
            o.parser_prune = std::stof(value());
        else if (a == "--label-prune")
            o.label_prune = std::stof(value());
        else if (a == "--tagger-prune")
            o.tagger_prune = std::stof(value());
        else {
            std::cerr << "usage: train_nlp [--data DIR] [--out DIR] [--seed N] [--tagger-epochs N]"
                         " [--parser-epochs N] [--folds N] [--no-gum] [--limit N]"
                         " [--only tagger|lemmatizer|parser]"
                         " [--tagger-prune W] [--parser-prune W] [--label-prune W]"
                         " [--tags-cache FILE] [--explore P] [--explore-from EPOCH]"
                         " [--parser-ensemble N] [--predicted-lemmas] [--report-from EPOCH]\n";
            return 2;
        }
    }
    try {
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<kg::Sentence> train, dev;
        load(o.data / "ud-english-ewt/en_ewt-ud-train.conllu", train);
        if (o.gum) {
            std::vector<fs::path> files;
            for (const auto& e : fs::directory_iterator(o.data / "gum-wikimedia/train"))
                if (e.path().extension() == ".conllu") files.push_back(e.path());
            std::sort(files.begin(), files.end());  // directory order is not deterministic
            for (const auto& f : files) load(f, train);
        }
        if (o.limit && train.size() > o.limit) train.resize(o.limit);
        load(o.data / "ud-english-ewt/en_ewt-ud-dev.conllu", dev);
        std::cerr << "train: " << train.size() << " sentences, dev: " << dev.size() << "\n";
        fs::create_directories(o.out);

        if (o.only.empty() || o.only == "tagger") {
            kg::TaggerTrainOptions to;
            to.epochs = o.tagger_epochs;
            to.seed = o.seed;
            to.prune_below = o.tagger_prune;
            to.log = &std::cerr;
            const kg::Tagger tagger = kg::Tagger::train(train, dev, to);
            tagger.save(o.out / "tagger.bin",
                        license_header(o, kg::Tagger::kFeatureConfig,
                                       "epochs: " + std::to_string(o.tagger_epochs)));
        }
        if (o.only.empty() || o.only == "lemmatizer") {
            const kg::Lemmatizer lem = kg::Lemmatizer::train(train);
            lem.save(o.out / "lemmatizer.bin",
                     license_header(o, kg::Lemmatizer::kFeatureConfig, ""));
            std::size_t ok = 0, n = 0;
            for (const auto& s : dev)
                for (const auto& t : s.tokens) {
                    ok += lem.lemmatize(t.form, t.upos, t.xpos) == t.lemma;
                    ++n;
                }
            std::cerr << "lemmatizer dev (gold tags): " << 100.0 * ok / n << "\n";
        }
        if (o.only.empty() || o.only == "parser") {
            // Jackknifing: the parser learns from tags predicted by taggers that
            // did not see the sentence, so training matches test conditions.
            std::vector<kg::Sentence> tagged = train;
            if (!o.tags_cache.empty() && fs::exists(o.tags_cache)) {
                tagged.clear();
                load(o.tags_cache, tagged);
                if (tagged.size() != train.size())
                    throw kg::Error(o.tags_cache.string() + ": does not match the training data");
            } else if (o.folds > 1) {
                for (int k = 0; k < o.folds; ++k) {
                    std::vector<kg::Sentence> rest;
                    for (std::size_t i = 0; i < train.size(); ++i)
                        if (static_cast<int>(i % o.folds) != k) rest.push_back(train[i]);
                    kg::TaggerTrainOptions to;
                    to.epochs = o.tagger_epochs;
                    to.seed = o.seed + 100 + k;
                    const kg::Tagger fold = kg::Tagger::train(rest, {}, to);
                    for (std::size_t i = k; i < tagged.size(); i += o.folds) fold.tag(tagged[i]);
                    std::cerr << "jackknife fold " << k + 1 << "/" << o.folds << " done\n";
                }
                if (!o.tags_cache.empty()) {
                    std::ofstream cache(o.tags_cache);
                    for (const auto& s : tagged) kg::write_conllu(cache, s, "");
                }
            }
            std::vector<kg::Sentence> dev_tagged = dev;
            const kg::Tagger tagger = kg::Tagger::load(o.out / "tagger.bin");
            for (auto& s : dev_tagged) tagger.tag(s);
            // The dev log then matches eval_nlp; --predicted-lemmas gives the
            // training data the lemmatizer's errors too (it follows tag errors).
            const kg::Lemmatizer lemmatizer = kg::Lemmatizer::load(o.out / "lemmatizer.bin");
            for (auto& s : dev_tagged) lemmatizer.lemmatize(s);
            if (o.predicted_lemmas)
                for (auto& s : tagged) lemmatizer.lemmatize(s);
            kg::ParserTrainOptions po;
            po.epochs = o.parser_epochs;
            po.seed = o.seed;
            po.log = &std::cerr;
            po.prune_below = o.parser_prune;
            po.explore = o.explore;
            po.explore_from = o.explore_from;
            po.label_prune_below = o.label_prune;
            po.report_from = o.report_from;
            po.ensemble = o.ensemble;
            const kg::Parser parser = kg::Parser::train(tagged, dev_tagged, po);
            parser.save(o.out / "parser.bin",
                        license_header(o, kg::Parser::kFeatureConfig,
                                       "epochs: " + std::to_string(o.parser_epochs) +
                                           ", jackknife folds: " + std::to_string(o.folds) +
                                           ", ensemble: mean of " + std::to_string(o.ensemble) +
                                           " models (seeds seed + 1000 k)"));
        }
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::cerr << "done in " << secs << " s\n";
    } catch (const std::exception& e) {
        std::cerr << "train_nlp: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
