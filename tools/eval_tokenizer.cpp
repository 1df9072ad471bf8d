// eval_tokenizer GOLD.conllu [--errors N] [--sentence-errors N]
//
// Token, word and sentence precision/recall/F1 of kg::split_sentences on a UD
// treebank (see kg/nlp/tokenizer_eval.hpp for how the text is rebuilt and
// spans are matched), tokenizer speed, and optionally the first N places where
// tokens or sentences differ from gold, for error analysis.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "kg/nlp/tokenizer.hpp"
#include "kg/nlp/tokenizer_eval.hpp"

namespace {

using Span = kg::ByteSpan;

void print(const char* name, const kg::SpanScore& s) {
    std::printf("%-10s precision %6.2f%%  recall %6.2f%%  F1 %6.2f%%  (gold %zu, system %zu)\n",
                name, 100 * s.precision(), 100 * s.recall(), 100 * s.f1(), s.gold, s.system);
}

// Prints up to `limit` places where gold and system spans differ, each with
// both segmentations of the surrounding text.
void show_errors(const std::string& text, const std::vector<Span>& gold,
                 const std::vector<Span>& system, std::size_t limit, const char* sep) {
    std::vector<Span> g = gold, s = system;
    std::sort(g.begin(), g.end());
    std::sort(s.begin(), s.end());
    std::size_t i = 0, j = 0, shown = 0;
    auto render = [&](const std::vector<Span>& v, std::size_t from, std::size_t lo,
                      std::size_t hi) {
        std::string out;
        while (from > 0 && v[from - 1].second > lo) --from;
        for (std::size_t k = from; k < v.size() && v[k].first < hi; ++k) {
            if (v[k].second <= lo) continue;
            out += text.substr(v[k].first, v[k].second - v[k].first);
            out += sep;
        }
        return out;
    };
    while ((i < g.size() || j < s.size()) && shown < limit) {
        if (i < g.size() && j < s.size() && g[i] == s[j]) {
            ++i;
            ++j;
            continue;
        }
        const std::size_t at = std::min(i < g.size() ? g[i].first : text.size(),
                                        j < s.size() ? s[j].first : text.size());
        const std::size_t lo = at >= 30 ? at - 30 : 0, hi = std::min(text.size(), at + 40);
        std::cout << "gold:   " << render(g, i, lo, hi) << "\nsystem: " << render(s, j, lo, hi)
                  << "\n\n";
        ++shown;
        // skip past this disagreement
        const std::size_t until = at + 1;
        while (i < g.size() && g[i].first < until) ++i;
        while (j < s.size() && s[j].first < until) ++j;
        while (i < g.size() && j < s.size() && g[i] != s[j]) {
            if (g[i] < s[j])
                ++i;
            else
                ++j;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: eval_tokenizer GOLD.conllu [--errors N] [--sentence-errors N]\n";
        return 2;
    }
    std::size_t token_errors = 0, sentence_errors = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string opt = argv[i];
        if (opt == "--errors") token_errors = std::strtoul(argv[i + 1], nullptr, 10);
        if (opt == "--sentence-errors") sentence_errors = std::strtoul(argv[i + 1], nullptr, 10);
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "cannot open " << argv[1] << "\n";
        return 1;
    }
    const kg::TokenizerEvaluation ev = kg::evaluate_tokenizer(in);
    const std::size_t n_words = ev.system_words.size();

    // Speed: repeat on the same text for a stable figure.
    std::size_t repeated_words = 0;
    const auto s0 = std::chrono::steady_clock::now();
    double seconds = 0;
    do {
        repeated_words += kg::split_sentences(ev.text).empty() ? 0 : n_words;
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
    } while (seconds < 1.0);
    std::size_t tokenize_words = 0;
    const auto k0 = std::chrono::steady_clock::now();
    double tok_seconds = 0;
    do {
        tokenize_words += kg::tokenize(ev.text).size();
        tok_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - k0).count();
    } while (tok_seconds < 1.0);

    print("Tokens", ev.tokens);
    print("Words", ev.words);
    print("Sentences", ev.sentences);
    std::printf("Speed      %.0f tokens/s split_sentences, %.0f tokens/s tokenize (%zu bytes)\n",
                double(repeated_words) / seconds, double(tokenize_words) / tok_seconds,
                ev.text.size());
    if (token_errors) {
        std::cout << "\n== token errors ==\n";
        show_errors(ev.text, ev.gold_tokens, ev.system_tokens, token_errors, " ");
    }
    if (sentence_errors) {
        std::cout << "\n== sentence errors ==\n";
        show_errors(ev.text, ev.gold_sentences, ev.system_sentences, sentence_errors, "\n   ");
    }
    return 0;
}
