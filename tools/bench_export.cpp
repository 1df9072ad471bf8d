// bench_export GRAPH.db [--repeat N]: how fast each export writer turns a
// graph into bytes. Prints the time to read the snapshot from the store,
// then per format (dot, jsonld, nt, graphml, neo4j) the thread CPU time of
// the best of N runs, facts/s and MB/s. Output goes to a counting sink, so
// the disk is not measured; svg/png are GraphViz's layout time, not kg's.
// Last, reading the N-Triples back (kg import --nt, without the store).
//
//   python3 ../shared/bench/gen_kg.py 100000 1000000 42 > kg1m.tsv
//   kg --graph kg1m.db import --tsv kg1m.tsv
//   bench_export kg1m.db
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "bench_clock.hpp"
#include "kg/error.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/graphml.hpp"
#include "kg/export/jsonld.hpp"
#include "kg/export/neo4j_csv.hpp"
#include "kg/export/ntriples.hpp"
#include "kg/export/ntriples_reader.hpp"
#include "kg/export/snapshot.hpp"
#include "kg/graph/store.hpp"

namespace {

// Counts the bytes written to it and keeps none.
class CountingBuffer : public std::streambuf {
  public:
    std::size_t bytes = 0;

  protected:
    std::streamsize xsputn(const char*, std::streamsize n) override {
        bytes += static_cast<std::size_t>(n);
        return n;
    }
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) ++bytes;
        return traits_type::not_eof(c);
    }
};

struct Writer {
    const char* name;
    std::function<void(const kg::GraphSnapshot&, std::ostream&)> write;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_export GRAPH.db [--repeat N]\n";
        return 2;
    }
    int repeat = 3;
    if (argc == 4 && std::string(argv[2]) == "--repeat") repeat = std::max(1, std::atoi(argv[3]));
    try {
        const auto t0 = kg::bench::thread_cpu_seconds();
        const kg::Store store = kg::Store::open(argv[1], kg::OpenMode::ReadOnly);
        const kg::GraphSnapshot graph{store.all_entities(), store.all_facts()};
        const double load = kg::bench::thread_cpu_seconds() - t0;
        std::printf("graph: %zu entities, %zu facts; snapshot read in %.2f s\n",
                    graph.entities.size(), graph.facts.size(), load);

        const std::vector<Writer> writers = {
            {"dot", kg::write_dot},
            {"jsonld", kg::write_jsonld},
            {"nt", kg::write_ntriples},
            {"graphml", kg::write_graphml},
            {"neo4j", [](const kg::GraphSnapshot& g,
                         std::ostream& out) { kg::write_neo4j_csv(g, out, out); }},
        };
        for (const auto& w : writers) {
            double best = 1e300;
            std::size_t bytes = 0;
            for (int r = 0; r < repeat; ++r) {
                CountingBuffer sink;
                std::ostream out(&sink);
                const double start = kg::bench::thread_cpu_seconds();
                w.write(graph, out);
                best = std::min(best, kg::bench::thread_cpu_seconds() - start);
                bytes = sink.bytes;
            }
            std::printf("%-8s %8.3f s  %10.0f facts/s  %7.1f MB/s  (%.1f MB)\n", w.name, best,
                        static_cast<double>(graph.facts.size()) / best,
                        static_cast<double>(bytes) / 1e6 / best, static_cast<double>(bytes) / 1e6);
        }
        // And back: kg import --nt's reading of the N-Triples just written.
        std::ostringstream nt;
        kg::write_ntriples(graph, nt);
        const std::string text = std::move(nt).str();
        const double start = kg::bench::thread_cpu_seconds();
        const auto triples = kg::parse_ntriples(text, "bench.nt");
        const kg::Extraction facts = kg::facts_from_rdf(triples);
        const double secs = kg::bench::thread_cpu_seconds() - start;
        std::printf("read nt  %8.3f s  %10.0f triples/s  %7.1f MB/s  (%zu facts)\n", secs,
                    static_cast<double>(triples.size()) / secs,
                    static_cast<double>(text.size()) / 1e6 / secs, facts.triples.size());
    } catch (const std::exception& e) {
        std::cerr << "bench_export: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
