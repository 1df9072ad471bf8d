// bench_query GRAPH.db STARTS.txt [ROUNDS [lazy|memory [QUERY]]]: latency of kg's query engine on
// the three queries of the query-language issue, each given the start
// entity as $s (STARTS.txt: one name a line, e.g. gen_kg.py ... --format
// starts):
//   1-hop           MATCH (x {name: $s})-[r]->(o) RETURN type(r), o.name
//   2-hop           MATCH (x {name: $s})-->()-->(z) RETURN z.name
//   filtered 2-hop  MATCH (x {name: $s})-[:invested-in]->(y)-[:acquired]->(z) RETURN count(*)
// Times are per query, inside the engine, parse and plan included, averaged
// over every start: on the whole graph in memory (best and median of
// ROUNDS rounds, and CPU time; then CPU time of a prepared query, parsed
// once, as a prepared SQL statement would be), and on a fresh store-backed graph per query
// (what one `kg query` does after opening the file; `memory` skips this,
// `lazy` keeps it). QUERY is one of the three names above (only it runs)
// or a query of your own. Prints latencies; it is
// not a test.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kg/graph/store.hpp"
#include "kg/query/engine.hpp"
#include "kg/query/store_graph.hpp"

#include "bench_clock.hpp"

using namespace kg::query;
using kg::bench::Clock;
using kg::bench::seconds_since;

namespace {

struct Bench {
    const char* name;
    const char* text;
};

const Bench kQueries[] = {
    {"1-hop", "MATCH (x {name: $s})-[r]->(o) RETURN type(r), o.name"},
    {"2-hop", "MATCH (x {name: $s})-->()-->(z) RETURN z.name"},
    {"filtered 2-hop", "MATCH (x {name: $s})-[:invested-in]->(y)-[:acquired]->(z) RETURN count(*)"},
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: bench_query GRAPH.db STARTS.txt [ROUNDS [lazy|memory [QUERY]]]\n";
        return 2;
    }
    const int rounds = argc > 3 ? std::stoi(argv[3]) : 20;
    std::vector<Parameters> starts;
    {
        std::ifstream in(argv[2]);
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) starts.push_back({{"s", Value::of_string(line)}});
    }
    if (starts.empty()) {
        std::cerr << "bench_query: no start names in " << argv[2] << '\n';
        return 1;
    }
    try {
        const kg::Store store = kg::Store::open(argv[1], kg::OpenMode::ReadOnly);
        const kg::Store::Snapshot snapshot(store);

        std::printf("%zu starts, %d rounds\n\n", starts.size(), rounds);
        const bool lazy = argc <= 4 || std::string(argv[4]) != "memory";
        if (lazy) std::printf("fresh store-backed graph per query (lazy loading, SQLite reads):\n");
        for (const Bench& b : kQueries) {
            if (!lazy) break;
            std::size_t rows = 0;
            const auto t = Clock::now();
            for (const auto& p : starts) {
                MemoryGraph graph = memory_graph_from_store(store);
                rows += execute(b.text, graph, p).rows.size();
            }
            std::printf("  %-15s %9.1f us/query  (%.1f rows/query)\n", b.name,
                        seconds_since(t) * 1e6 / static_cast<double>(starts.size()),
                        static_cast<double>(rows) / static_cast<double>(starts.size()));
        }

        auto t = Clock::now();
        MemoryGraph graph = memory_graph_from_store(store);
        graph.load_all();
        std::printf("\nwhole graph loaded in %.2f s: %zu nodes, %zu relationships\n",
                    seconds_since(t), graph.nodes.size(), graph.relationships.size());
        // First use builds the name index; not part of a query's cost.
        execute(kQueries[0].text, graph, starts.front());

        std::printf("whole graph in memory:\n");
        std::vector<Bench> queries(std::begin(kQueries), std::end(kQueries));
        if (argc > 5) {
            // The name of one of the three runs only that one (for profiling).
            const std::string q = argv[5];
            std::erase_if(queries, [&](const Bench& b) { return b.name != q; });
            if (queries.empty()) queries.push_back({"custom", argv[5]});
        }
        for (const Bench& b : queries) {
            // Per round: the mean over all starts. The best round is the
            // figure least disturbed by other processes; the median and the
            // CPU time say how disturbed the rest were.
            std::vector<double> round_us;
            std::size_t rows = 0;
            const PreparedQuery prepared = prepare(b.text);
            double cpu = kg::bench::process_cpu_seconds();
            for (int r = 0; r < rounds; ++r) {
                t = Clock::now();
                for (const auto& p : starts) rows += execute(b.text, graph, p).rows.size();
                round_us.push_back(seconds_since(t) * 1e6 / static_cast<double>(starts.size()));
            }
            const auto runs = static_cast<double>(rounds) * static_cast<double>(starts.size());
            const double cpu_parsed = (kg::bench::process_cpu_seconds() - cpu) * 1e6 / runs;
            cpu = kg::bench::process_cpu_seconds();
            for (int r = 0; r < rounds; ++r)
                for (const auto& p : starts) execute(prepared, graph, p);
            const double cpu_prepared = (kg::bench::process_cpu_seconds() - cpu) * 1e6 / runs;
            std::sort(round_us.begin(), round_us.end());
            std::printf(
                "  %-15s best %8.2f us/query, median %8.2f, CPU %8.2f; prepared: CPU %8.2f"
                "  (%.1f rows/query)\n",
                b.name, round_us.front(), round_us[round_us.size() / 2], cpu_parsed, cpu_prepared,
                static_cast<double>(rows) / runs);
        }
        std::printf("parse, and parse + check (prepare):\n");
        for (const Bench& b : kQueries) {
            const int n = rounds * 200;
            double cpu = kg::bench::process_cpu_seconds();
            for (int i = 0; i < n; ++i) parse_query(b.text);
            const double parse_us = (kg::bench::process_cpu_seconds() - cpu) * 1e6 / n;
            cpu = kg::bench::process_cpu_seconds();
            for (int i = 0; i < n; ++i) prepare(b.text);
            std::printf("  %-15s %9.2f us/parse CPU, %9.2f us/prepare\n", b.name, parse_us,
                        (kg::bench::process_cpu_seconds() - cpu) * 1e6 / n);
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_query: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
