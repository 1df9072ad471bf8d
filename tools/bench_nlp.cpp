// bench_nlp [FILE] [--models DIR] [--repeat N]
//
// Single-thread speed of the nlp stage on raw text: tokenize + split, tag,
// lemmatize, parse. Default text: the UD English EWT test set rebuilt from
// its "# text" lines (../shared/data, run from the repository root).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "kg/nlp/conllu.hpp"
#include "kg/nlp/pipeline.hpp"
#include "kg/nlp/tokenizer.hpp"

#include "bench_clock.hpp"

using kg::bench::Clock;
using kg::bench::seconds_since;
using kg::bench::thread_cpu_seconds;

int main(int argc, char** argv) {
    std::string path, models;
    int repeat = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--models" && i + 1 < argc)
            models = argv[++i];
        else if (a == "--repeat" && i + 1 < argc)
            repeat = std::max(1, std::stoi(argv[++i]));
        else if (!a.empty() && a[0] != '-' && path.empty())
            path = a;
        else {
            std::cerr << "usage: bench_nlp [FILE] [--models DIR] [--repeat N]\n";
            return 2;
        }
    }
    try {
        std::string text;
        if (path.empty()) {
            const std::string gold = "../shared/data/ud-english-ewt/en_ewt-ud-test.conllu";
            text = kg::conllu_document_text(kg::read_conllu_file(gold));
            path = gold + " (text)";
        } else {
            std::ifstream in(path, std::ios::binary);
            if (!in) throw std::runtime_error(path + ": cannot open");
            text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        const auto l0 = Clock::now();
        const kg::Pipeline pipeline =
            models.empty() ? kg::Pipeline::load() : kg::Pipeline::load(models);
        const double load = seconds_since(l0);

        double split = 0, tag = 0, lemma = 0, parse = 0;
        std::size_t tokens = 0;
        const double cpu0 = thread_cpu_seconds();
        for (int r = 0; r < repeat; ++r) {
            auto t = Clock::now();
            std::vector<kg::Sentence> sentences = kg::split_sentences(text);
            split += seconds_since(t);
            t = Clock::now();
            for (auto& s : sentences) pipeline.tagger().tag(s);
            tag += seconds_since(t);
            t = Clock::now();
            for (auto& s : sentences) pipeline.lemmatizer().lemmatize(s);
            lemma += seconds_since(t);
            t = Clock::now();
            for (auto& s : sentences) pipeline.parser().parse(s);
            parse += seconds_since(t);
            for (const auto& s : sentences) tokens += s.tokens.size();
        }
        const double cpu = thread_cpu_seconds() - cpu0;
        const double total = split + tag + lemma + parse;
        std::printf("%s: %zu bytes x %d, %zu tokens\n", path.c_str(), text.size(), repeat, tokens);
        std::printf("models loaded in %.0f ms\n", load * 1000);
        std::printf("tokenize+split %8.0f tokens/s\n", tokens / split);
        std::printf("tag            %8.0f tokens/s\n", tokens / tag);
        std::printf("lemmatize      %8.0f tokens/s\n", tokens / lemma);
        std::printf("parse          %8.0f tokens/s\n", tokens / parse);
        std::printf("all            %8.0f tokens/s (one thread, wall clock)\n", tokens / total);
        std::printf("all            %8.0f tokens/s (one thread, thread CPU time)\n", tokens / cpu);
    } catch (const std::exception& e) {
        std::cerr << "bench_nlp: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
