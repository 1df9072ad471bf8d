// bench_query GRAPH.db STARTS.txt [ROUNDS [lazy|memory [QUERY]]] [--sqlite TSV]: latency of
// kg's query engine on the three queries of the query-language issue, each given the start
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
// or a query of your own.
//
// --sqlite TSV (the same graph as gen_kg.py's subject/relation/object
// lines) also runs a reference like the "SQLite with two indexes"
// (here covering ones, in memory: the strongest such baseline) in rounds
// alternating with kg's: this machine's speed swings up to 2x within
// minutes, so kg / SQLite from one run compares like with like where
// absolute figures from different minutes do not. Prints latencies; it is
// not a test.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kg/graph/store.hpp"
#include "kg/query/engine.hpp"
#include "kg/query/store_graph.hpp"

#include "../src/graph/sqlite.hpp"
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

// The reference the issue measured: one triples table in memory, indexed
// by subject and by object (each index covering, so no table lookups), the
// three queries as prepared statements whose result text is copied out as
// a client would.
class SqliteReference {
  public:
    explicit SqliteReference(const std::string& tsv) : db_(":memory:", false) {
        db_.exec("CREATE TABLE t(s TEXT, p TEXT, o TEXT)");
        std::ifstream in(tsv);
        if (!in) throw std::runtime_error("cannot read " + tsv);
        db_.exec("BEGIN");
        kg::sqlite::Statement insert(db_, "INSERT INTO t VALUES (?, ?, ?)");
        std::size_t n = 0;
        for (std::string line; std::getline(in, line);) {
            const auto a = line.find('\t'), b = line.find('\t', a + 1);
            if (a == std::string::npos || b == std::string::npos) continue;
            insert.bind(1, std::string_view(line).substr(0, a))
                .bind(2, std::string_view(line).substr(a + 1, b - a - 1))
                .bind(3, std::string_view(line).substr(b + 1));
            insert.run();
            insert.reset();
            ++n;
        }
        db_.exec("COMMIT");
        db_.exec("CREATE INDEX t_spo ON t(s, p, o)");
        db_.exec("CREATE INDEX t_ops ON t(o, p, s)");
        db_.exec("ANALYZE");
        for (const char* sql : {"SELECT p, o FROM t WHERE s = ?1",
                                "SELECT b.o FROM t a JOIN t b ON b.s = a.o WHERE a.s = ?1",
                                "SELECT count(*) FROM t a JOIN t b ON b.s = a.o"
                                " WHERE a.s = ?1 AND a.p = 'invested-in' AND b.p = 'acquired'"})
            statements_.emplace_back(db_, sql);
        std::printf("SQLite reference: %zu triples from %s, indexes (s, p, o) and (o, p, s)\n", n,
                    tsv.c_str());
    }

    // Rows of one query for one start entity.
    std::size_t run(std::size_t query, const std::string& start) {
        kg::sqlite::Statement& st = statements_[query];
        st.reset();
        st.bind(1, start);
        std::size_t rows = 0;
        while (st.step()) {
            for (int c = 0; c < columns_[query]; ++c) sink_ = st.text(c);
            ++rows;
        }
        if (query == 2) rows = 1;  // count(*): one row, as kg's
        return rows;
    }

  private:
    kg::sqlite::Database db_;
    std::vector<kg::sqlite::Statement> statements_;  // prepared once the table exists
    int columns_[3] = {2, 1, 1};
    std::string sink_;
};

}  // namespace

int main(int argc, char** argv) {
    // --sqlite TSV may come anywhere; the rest are positional.
    std::string reference_tsv;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::string(argv[i]) != "--sqlite") continue;
        reference_tsv = argv[i + 1];
        for (int j = i; j + 2 <= argc; ++j) argv[j] = argv[j + 2];
        argc -= 2;
        break;
    }
    if (argc < 3) {
        std::cerr << "usage: bench_query GRAPH.db STARTS.txt [ROUNDS [lazy|memory [QUERY]]]"
                     " [--sqlite TSV]\n";
        return 2;
    }
    const int rounds = argc > 3 ? std::stoi(argv[3]) : 20;
    std::vector<Parameters> starts;
    std::vector<std::string> start_names;
    {
        std::ifstream in(argv[2]);
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) {
                starts.push_back({{"s", Value::of_string(line)}});
                start_names.push_back(line);
            }
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
        std::optional<SqliteReference> reference;
        if (!reference_tsv.empty()) reference.emplace(reference_tsv);

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
            std::size_t rows = 0, reference_rows = 0;
            double cpu_parsed = 0, cpu_reference = 0;
            const PreparedQuery prepared = prepare(b.text);
            // The reference has SQL for the three queries only.
            const auto* known = std::find_if(std::begin(kQueries), std::end(kQueries),
                                             [&](const Bench& k) { return k.text == b.text; });
            const auto index = static_cast<std::size_t>(known - std::begin(kQueries));
            const bool with_reference = reference && known != std::end(kQueries);
            for (int r = 0; r < rounds; ++r) {
                t = Clock::now();
                double cpu = kg::bench::process_cpu_seconds();
                for (const auto& p : starts) rows += execute(b.text, graph, p).rows.size();
                cpu_parsed += kg::bench::process_cpu_seconds() - cpu;
                round_us.push_back(seconds_since(t) * 1e6 / static_cast<double>(starts.size()));
                if (!with_reference) continue;
                cpu = kg::bench::process_cpu_seconds();
                for (const auto& name : start_names) reference_rows += reference->run(index, name);
                cpu_reference += kg::bench::process_cpu_seconds() - cpu;
            }
            const auto runs = static_cast<double>(rounds) * static_cast<double>(starts.size());
            cpu_parsed = cpu_parsed * 1e6 / runs;
            double cpu = kg::bench::process_cpu_seconds();
            for (int r = 0; r < rounds; ++r)
                for (const auto& p : starts) execute(prepared, graph, p);
            const double cpu_prepared = (kg::bench::process_cpu_seconds() - cpu) * 1e6 / runs;
            std::sort(round_us.begin(), round_us.end());
            std::printf(
                "  %-15s best %8.2f us/query, median %8.2f, CPU %8.2f; prepared: CPU %8.2f"
                "  (%.1f rows/query)\n",
                b.name, round_us.front(), round_us[round_us.size() / 2], cpu_parsed, cpu_prepared,
                static_cast<double>(rows) / runs);
            if (with_reference) {
                cpu_reference = cpu_reference * 1e6 / runs;
                std::printf(
                    "  %-15s SQLite in the same rounds: CPU %8.2f us/query (%.1f rows);"
                    " kg / SQLite %.2f\n",
                    "", cpu_reference, static_cast<double>(reference_rows) / runs,
                    cpu_parsed / cpu_reference);
            }
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
