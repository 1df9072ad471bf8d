// bench_graph GRAPH.db [starts.txt]: how fast a graph opens and answers, the
// figures behind the "Fast to open, fast to walk" targets. Prints the store's
// open time and `kg show`-style 1-hop lookup, the view's build time and size
// (summed capacities and RSS delta, per fact), 1-hop and 2-hop walks in the
// view, components, PageRank and shortest-path times. Start entities are
// names, one a line (gen_kg.py --format starts); default: the first 200.
//
//   python3 gen_kg.py 100000 1000000 42 > kg1m.tsv
//   python3 gen_kg.py 100000 1000000 42 --format starts > starts.txt
//   kg --graph kg1m.db import --tsv kg1m.tsv
//   bench_graph kg1m.db starts.txt
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kg/error.hpp"
#include "kg/graph/algorithms.hpp"
#include "kg/graph/store.hpp"
#include "kg/graph/view.hpp"

#include "bench_clock.hpp"

namespace {

using kg::bench::Clock;
using kg::bench::seconds_since;

// Resident set size from /proc/self/statm, in bytes.
std::size_t rss_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::vector<std::string> read_starts(const char* path, const kg::Store& store) {
    std::vector<std::string> out;
    if (path) {
        std::ifstream in(path);
        if (!in) throw kg::Error(std::string(path) + ": cannot read");
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) out.push_back(line);
        return out;
    }
    store.for_each_entity([&](const kg::Store::EntityRow& row) {
        if (out.size() < 200) out.emplace_back(row.name);
    });
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: bench_graph GRAPH.db [starts.txt]\n";
        return 2;
    }
    try {
        auto t = Clock::now();
        const auto store = kg::Store::open(argv[1], kg::OpenMode::ReadOnly);
        std::printf("store open                 %10.3f ms\n", seconds_since(t) * 1e3);

        const auto starts = read_starts(argc == 3 ? argv[2] : nullptr, store);
        if (starts.empty()) throw kg::Error("no start entities");

        // What `kg show NAME` does: resolve the name, then facts with provenance.
        std::size_t store_facts = 0;
        t = Clock::now();
        for (const auto& name : starts)
            for (const auto& e : store.find_entities(name))
                store_facts += store.facts_about(e.id).size();
        const double store_1hop = seconds_since(t) / static_cast<double>(starts.size());
        std::printf("store 1-hop (kg show)      %10.1f us   (%.1f facts per entity, in+out)\n",
                    store_1hop * 1e6,
                    static_cast<double>(store_facts) / static_cast<double>(starts.size()));

        const std::size_t rss_before = rss_bytes();
        t = Clock::now();
        const auto view = kg::GraphView::build(store);
        const double build = seconds_since(t);
        const std::size_t rss_after = rss_bytes();
        const double facts = static_cast<double>(view.num_facts());
        std::printf(
            "view build                 %10.3f s    (%zu vertices, %zu facts, %zu relations)\n",
            build, view.num_vertices(), view.num_facts(), view.num_relations());
        std::printf("view bytes per fact        %10.1f B    (summed capacities, %.1f MB)\n",
                    static_cast<double>(view.memory_bytes()) / facts,
                    static_cast<double>(view.memory_bytes()) / 1e6);
        std::printf(
            "view RSS delta per fact    %10.1f B    (%.1f MB, includes the SQLite page cache "
            "filled by the scan)\n",
            static_cast<double>(rss_after - rss_before) / facts,
            static_cast<double>(rss_after - rss_before) / 1e6);

        std::vector<kg::VertexId> vertices;
        for (const auto& name : starts)
            for (const auto v : view.find(name)) vertices.push_back(v);

        // 1-hop: name -> vertex through the key index, then the out-edges
        // collected as (relation, neighbour) pairs, as a query would.
        constexpr int kRounds = 20;
        std::vector<std::pair<kg::RelationId, kg::VertexId>> result;
        std::size_t one_hop = 0;
        t = Clock::now();
        for (int round = 0; round < kRounds; ++round)
            for (const auto& name : starts)
                for (const auto v : view.find(name)) {
                    result.clear();
                    for (const auto& e : view.out_edges(v))
                        result.emplace_back(e.relation, e.neighbour);
                    one_hop += result.size();
                }
        const double view_1hop = seconds_since(t) / (kRounds * static_cast<double>(starts.size()));
        std::printf("view 1-hop out (by name)   %10.3f us   (%.1f neighbours)\n", view_1hop * 1e6,
                    static_cast<double>(one_hop) / (kRounds * static_cast<double>(starts.size())));

        std::size_t by_vertex = 0;
        t = Clock::now();
        for (int round = 0; round < kRounds; ++round)
            for (const auto v : vertices) {
                result.clear();
                for (const auto& e : view.out_edges(v))
                    result.emplace_back(e.relation, e.neighbour);
                by_vertex += result.size();
            }
        std::printf("view 1-hop out (by vertex) %10.3f us\n",
                    seconds_since(t) / (kRounds * static_cast<double>(vertices.size())) * 1e6);

        // 2-hop: every out-out path from the start, collected.
        std::size_t two_hop = 0;
        t = Clock::now();
        for (const auto v : vertices) {
            result.clear();
            for (const auto& e : view.out_edges(v))
                for (const auto& e2 : view.out_edges(e.neighbour))
                    result.emplace_back(e2.relation, e2.neighbour);
            two_hop += result.size();
        }
        std::printf("view 2-hop out             %10.3f us   (%.1f paths)\n",
                    seconds_since(t) / static_cast<double>(vertices.size()) * 1e6,
                    static_cast<double>(two_hop) / static_cast<double>(vertices.size()));

        t = Clock::now();
        const auto comps = kg::connected_components(view);
        std::printf("connected components       %10.3f s    (%zu, largest %zu)\n", seconds_since(t),
                    comps.count, comps.sizes.empty() ? std::size_t{0} : comps.sizes.front());

        t = Clock::now();
        const auto top = kg::top_central(view, 10, 20);
        std::printf("pagerank (20 iterations)   %10.3f s    (top: %s)\n", seconds_since(t),
                    top.empty() ? "-" : std::string(view.name(top.front().vertex)).c_str());

        std::size_t n_paths = 0, pairs = 0;
        t = Clock::now();
        for (std::size_t i = 0; i + 1 < vertices.size() && pairs < 50; i += 2, ++pairs)
            n_paths += kg::shortest_paths(view, vertices[i], vertices[i + 1], 10, true).size();
        std::printf("shortest paths (undirected)%10.3f ms   (per pair, %zu pairs, %zu paths)\n",
                    pairs ? seconds_since(t) / static_cast<double>(pairs) * 1e3 : 0.0, pairs,
                    n_paths);
        std::printf("peak check: RSS now %.1f MB\n", static_cast<double>(rss_bytes()) / 1e6);
        (void)by_vertex;
    } catch (const std::exception& e) {
        std::cerr << "bench_graph: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
