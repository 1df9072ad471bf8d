// eval_nlp GOLD.conllu [--models DIR] [--out FILE]
//
// Accuracy of the nlp stage on a UD treebank. With gold tokenization: UPOS,
// XPOS, lemma accuracy, UAS and LAS over all words, punctuation included (as
// the CoNLL 2018 evaluation); --out writes the system's CoNLL-U (for error
// analysis). From raw text: token, word and sentence F1 of
// the tokenizer (kg::evaluate_tokenizer, shared with tools/eval_tokenizer).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "kg/nlp/conllu.hpp"
#include "kg/nlp/nlp_eval.hpp"
#include "kg/nlp/pipeline.hpp"
#include "kg/nlp/tokenizer_eval.hpp"

int main(int argc, char** argv) {
    std::string gold_path, models, out_path;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--models" && i + 1 < argc)
            models = argv[++i];
        else if (a == "--out" && i + 1 < argc)
            out_path = argv[++i];
        else if (!a.empty() && a[0] != '-' && gold_path.empty())
            gold_path = a;
        else {
            std::cerr << "usage: eval_nlp GOLD.conllu [--models DIR] [--out FILE]\n";
            return 2;
        }
    }
    if (gold_path.empty()) {
        std::cerr << "usage: eval_nlp GOLD.conllu [--models DIR] [--out FILE]\n";
        return 2;
    }
    try {
        const auto t0 = std::chrono::steady_clock::now();
        const kg::Pipeline pipeline =
            models.empty() ? kg::Pipeline::load() : kg::Pipeline::load(models);
        const auto t1 = std::chrono::steady_clock::now();
        const auto gold = kg::read_conllu_file(gold_path);
        const auto t2 = std::chrono::steady_clock::now();
        const kg::TaggingScores s = kg::evaluate_gold_tokens(pipeline, gold);
        const auto t3 = std::chrono::steady_clock::now();
        if (!out_path.empty()) {
            std::ofstream out(out_path);
            for (const auto& g : gold) {
                kg::Sentence sys = g.sentence;
                for (kg::Token& t : sys.tokens) {
                    t.upos.clear();
                    t.xpos.clear();
                    t.lemma.clear();
                    t.head = -1;
                    t.deprel.clear();
                }
                pipeline.annotate(sys);
                kg::write_conllu(out, sys, g.id);
            }
            if (!out) throw std::runtime_error(out_path + ": cannot write");
        }
        std::printf("%s: %zu sentences, %zu words (gold tokenization)\n", gold_path.c_str(),
                    gold.size(), s.words);
        std::printf(
            "UPOS   %6.2f%%\nXPOS   %6.2f%%\nLemma  %6.2f%%\nUAS    %6.2f%%\nLAS    %6.2f%%\n",
            s.upos(), s.xpos(), s.lemma(), s.uas(), s.las());
        const double secs = std::chrono::duration<double>(t3 - t2).count();
        std::printf("models loaded in %.0f ms; tag+lemmatize+parse %.0f words/s\n",
                    std::chrono::duration<double, std::milli>(t1 - t0).count(), s.words / secs);

        std::ifstream in(gold_path);
        const kg::TokenizerEvaluation tok = kg::evaluate_tokenizer(in);
        std::printf("raw text: tokens F1 %6.2f%%  words F1 %6.2f%%  sentences F1 %6.2f%%\n",
                    100 * tok.tokens.f1(), 100 * tok.words.f1(), 100 * tok.sentences.f1());
    } catch (const std::exception& e) {
        std::cerr << "eval_nlp: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
