// Two writers at once, a reader during a write, a full disk and a read-only
// graph: each ends with a clear message or success, and the graph intact.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "kg/graph/store.hpp"
#include "support.hpp"

using kg::test::run_kg;
using kg::test::TempDir;
using kg::test::write_file;

namespace {

// `n` articles, each stating one fact between two companies of its own.
void write_articles(const std::filesystem::path& dir, const std::string& prefix, int n,
                    int padding_sentences = 0) {
    std::filesystem::create_directories(dir);
    for (int i = 0; i < n; ++i) {
        std::string text = prefix + "Corp" + std::to_string(i) + " acquired " + prefix + "Target" +
                           std::to_string(i) + " for $" + std::to_string(i + 1) + " million.\n";
        for (int k = 0; k < padding_sentences; ++k)
            text += "the filing lists routine items of no further note number " +
                    std::to_string(k) + ".\n";
        write_file((dir / (prefix + std::to_string(i) + ".txt")).string(), text);
    }
}

kg::GraphStats stats(const std::string& graph) {
    return kg::Store::open(graph, kg::OpenMode::ReadOnly).stats();
}

bool one_line_naming(const std::string& err, const std::string& name) {
    return err.find(name) != std::string::npos && err.find('\n') == err.size() - 1;
}

}  // namespace

TEST_CASE("two ingests into one graph at the same time both succeed and lose nothing",
          "[graph][concurrency]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_articles(dir.path() / "a", "Alpha", 60, 20);
    write_articles(dir.path() / "b", "Beta", 60, 20);
    kg::RunResult first, second;
    std::thread t1([&] { first = run_kg({"--graph", graph, "--quiet", "ingest", dir.file("a")}); });
    std::thread t2([&] {
        second = run_kg({"--graph", graph, "--quiet", "ingest", dir.file("b")});
    });
    t1.join();
    t2.join();
    INFO(first.err << second.err);
    CHECK(first.exit_status == 0);
    CHECK(second.exit_status == 0);
    const auto s = stats(graph);
    CHECK(s.sources == 120);
    CHECK(s.facts == 120);
    CHECK(s.provenance == 120);
    CHECK(s.entities == 240);
    CHECK(kg::test::integrity_check(graph) == "ok");
}

TEST_CASE("a reader during an ingest sees whole sources only", "[graph][concurrency]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_articles(dir.path() / "a", "Gamma", 150, 30);
    kg::RunResult writer;
    std::thread t([&] { writer = run_kg({"--graph", graph, "--quiet", "ingest", dir.file("a")}); });
    int reads = 0, partial = 0;
    while (reads < 100000) {
        try {
            if (std::filesystem::exists(graph)) {
                const auto s = stats(graph);
                ++reads;
                if (s.facts != s.sources || s.provenance != s.sources ||
                    s.entities != 2 * s.sources)
                    ++partial;
                if (s.sources == 150) break;
            }
        } catch (const std::exception&) {
            // the graph may not have its schema yet
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    t.join();
    CHECK(writer.exit_status == 0);
    CHECK(reads > 1);
    CHECK(partial == 0);
}

TEST_CASE("a full disk gives a clear error and leaves the graph as it was", "[graph][faults]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_articles(dir.path() / "small", "Delta", 1);
    REQUIRE(run_kg({"--graph", graph, "--quiet", "ingest", dir.file("small")}).exit_status == 0);
    const auto before = stats(graph);

    // A big article needs more room than the file size limit leaves.
    std::string big;
    for (int i = 0; i < 3000; ++i)
        big += "Firm" + std::to_string(i) + " acquired Shop" + std::to_string(i) + " for $" +
               std::to_string(i + 1) + " million.\n";
    write_file(dir.file("big.txt"), big);
    const auto limit_kb = std::filesystem::file_size(graph) / 1024 + 16;
    auto r = kg::run_process({"bash", "-c",
                              "ulimit -f " + std::to_string(limit_kb) +
                                  "; trap '' XFSZ; exec \"$0\" --graph \"$1\" ingest \"$2\"",
                              KG_BINARY, graph, dir.file("big.txt")});
    INFO(r.err);
    CHECK(r.exit_status == 1);
    CHECK(one_line_naming(r.err, "g.db"));
    CHECK(kg::test::integrity_check(graph) == "ok");
    const auto after = stats(graph);
    CHECK(after.sources == before.sources);
    CHECK(after.facts == before.facts);
    CHECK(after.provenance == before.provenance);
    // With room again, the same article goes in.
    CHECK(run_kg({"--graph", graph, "--quiet", "ingest", dir.file("big.txt")}).exit_status == 0);
    CHECK(stats(graph).facts == before.facts + 3000);
}

TEST_CASE("a read-only graph can be read but not written, with a clear error", "[graph][faults]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_articles(dir.path() / "a", "Epsilon", 2);
    write_articles(dir.path() / "b", "Zeta", 1);
    REQUIRE(run_kg({"--graph", graph, "--quiet", "ingest", dir.file("a")}).exit_status == 0);
    std::vector<std::string> as_reader;  // how to run kg without write permission
    if (geteuid() == 0) {
        // root writes anything: run kg as nobody instead
        if (!std::filesystem::exists("/usr/bin/setpriv")) {
            WARN("skipped: running as root without setpriv to drop privileges");
            return;
        }
        as_reader = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
        chmod(dir.path().c_str(), 0755);
        chmod(dir.file("b").c_str(), 0755);
    } else {
        chmod(graph.c_str(), 0444);
        chmod(dir.path().c_str(), 0555);
    }
    auto as = [&](std::vector<std::string> args) {
        args.insert(args.begin(), KG_BINARY);
        args.insert(args.begin(), as_reader.begin(), as_reader.end());
        return kg::run_process(args);
    };
    auto write = as({"--graph", graph, "ingest", dir.file("b")});
    CHECK(write.exit_status == 1);
    CHECK(one_line_naming(write.err, "g.db"));
    CHECK(write.err.find("read-only") != std::string::npos);
    auto read = as({"--graph", graph, "stats", "--format", "json"});
    INFO(read.err);
    CHECK(read.exit_status == 0);
    CHECK(read.out.find("\"sources\":2") != std::string::npos);
    chmod(dir.path().c_str(), 0755);
    chmod(graph.c_str(), 0644);
    CHECK(stats(graph).sources == 2);
}
