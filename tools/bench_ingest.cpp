// Throughput of the ingest path, stage by stage, on synthetic news text (or
// the files given): source cleaning, parsing alone (the nlp pipeline),
// extraction (parsing plus clauses, names, coreference) and store writes.
// Prints MB/s, tokens/s, sentences/s, facts/s, and extraction's cost over
// parsing alone.
//   bench_ingest [--articles N] [FILE|DIR ...]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "kg/extract/extractor.hpp"
#include "kg/graph/store.hpp"
#include "kg/nlp/pipeline.hpp"
#include "kg/nlp/tokenizer.hpp"
#include "kg/source/leftovers.hpp"
#include "kg/source/reader.hpp"

#include "bench_clock.hpp"

namespace {

using kg::bench::Clock;
using kg::bench::seconds_since;

// A news-like article: a headline, a few fact sentences, filler prose.
std::string synthetic_article(int i) {
    const std::string a = "Company" + std::to_string(i % 997), b = "Startup" + std::to_string(i);
    std::string text = a + " makes a deal for " + b + "\n\n";
    text += a + " acquired " + b + " for $" + std::to_string(i % 90 + 1) + " million in 2023.\n";
    text += "Jane Doe" + std::to_string(i % 50) + ", the chief executive of " + a +
            ", said the purchase would help the company grow.\n";
    for (int k = 0; k < 12; ++k)
        text +=
            "Analysts said the market for such products has grown quickly over the past "
            "few years, and that more deals are likely as rivals look for talent.\n";
    text += b + " was founded in 2015 by Sam Roe" + std::to_string(i) + ".\n";
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    int articles = 2000;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--articles" && i + 1 < argc)
            articles = std::stoi(argv[++i]);
        else
            paths.push_back(arg);
    }
    std::vector<kg::Document> docs;
    const auto leftovers = kg::read_leftover_lexicon();
    auto t0 = Clock::now();
    std::size_t bytes = 0;
    if (paths.empty()) {
        for (int i = 0; i < articles; ++i) {
            const auto text = synthetic_article(i);
            bytes += text.size();
            docs.push_back(kg::document_from_bytes("synthetic-" + std::to_string(i) + ".txt", text,
                                                   kg::Format::Text, leftovers));
        }
    } else {
        std::vector<std::string> errors;
        for (const auto& p : kg::expand_inputs(paths, errors)) {
            docs.push_back(kg::read_document(p, leftovers));
            bytes += docs.back().text.size();
        }
    }
    const double read_s = seconds_since(t0);
    const double mb = static_cast<double>(bytes) / 1e6;
    std::printf("source:  %zu documents, %.1f MB in %.2f s: %.1f MB/s\n", docs.size(), mb, read_s,
                mb / read_s);

    // Baseline: what parsing alone costs on the same text (tokenize, tag,
    // lemmatize, parse), so the extractor's own share can be read off.
    const auto pipeline = kg::Pipeline::load();
    std::size_t tokens = 0;
    t0 = Clock::now();
    for (const auto& d : docs)
        kg::for_each_sentence(d.text, [&](kg::Sentence&& s) {
            tokens += s.tokens.size();
            pipeline.annotate(s);
        });
    const double parse_s = seconds_since(t0);
    std::printf("parse:   %zu tokens in %.2f s: %.0f tokens/s (1 thread)\n", tokens, parse_s,
                static_cast<double>(tokens) / parse_s);

    const auto extractor = kg::make_default_extractor();
    std::vector<kg::Extraction> extractions;
    t0 = Clock::now();
    std::size_t sentences = 0, triples = 0;
    for (const auto& d : docs) {
        extractions.push_back(extractor->extract(d));
        sentences += extractions.back().sentences;
        triples += extractions.back().triples.size();
    }
    const double extract_s = seconds_since(t0);
    std::printf(
        "extract: %zu sentences, %zu facts in %.2f s: %.1f MB/s, %.0f tokens/s, %.0f sentences/s "
        "(1 thread; %+.0f%% over parsing alone)\n",
        sentences, triples, extract_s, mb / extract_s, static_cast<double>(tokens) / extract_s,
        static_cast<double>(sentences) / extract_s, 100.0 * (extract_s / parse_s - 1.0));

    const auto db = std::filesystem::temp_directory_path() / "kg-bench-ingest.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
    {
        auto store = kg::Store::open(db.string());
        t0 = Clock::now();
        for (std::size_t i = 0; i < docs.size(); ++i)
            store.ingest(docs[i], extractions[i], extractor->version());
        const double store_s = seconds_since(t0);
        std::printf("store:   %zu sources, %zu facts in %.2f s: %.0f sources/s, %.0f facts/s\n",
                    docs.size(), triples, store_s, static_cast<double>(docs.size()) / store_s,
                    static_cast<double>(triples) / store_s);
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
    return 0;
}
