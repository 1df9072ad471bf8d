// A kg killed with SIGKILL in the middle of an ingest leaves the graph exactly
// as it was after the last committed source.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "kg/graph/store.hpp"
#include "support.hpp"

namespace {

// Each article states exactly one fact between two companies of its own, in
// many sentences, so each committed source adds 1 fact, 2 entities, 1 provenance.
std::string article(int n) {
    std::string text = "Filing number " + std::to_string(n) + "\n\n";
    text += "Acme" + std::to_string(n) + " acquired Widget" + std::to_string(n) + " for $" +
            std::to_string(n + 1) + " million.\n";
    for (int i = 0; i < 400; ++i)
        text += "the quarterly report lists routine items and nothing else of note here " +
                std::to_string(i) + ".\n";
    return text;
}

}  // namespace

TEST_CASE("kill -9 in the middle of an ingest leaves only whole sources", "[cli][crash]") {
    kg::test::TempDir dir;
    const auto graph = dir.file("g.db");
    std::filesystem::create_directories(dir.path() / "articles");
    constexpr int kArticles = 400;
    for (int i = 0; i < kArticles; ++i)
        kg::test::write_file(dir.file("articles/a" + std::to_string(1000 + i) + ".txt"),
                             article(i));

    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Quiet child: the test reads the graph, not the output.
        if (!freopen("/dev/null", "w", stdout)) _exit(126);
        execl(KG_BINARY, KG_BINARY, "--graph", graph.c_str(), "ingest",
              (dir.path() / "articles").c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    // Wait until some sources are committed, then kill without warning.
    std::int64_t committed = 0;
    for (int tries = 0; tries < 2000 && committed < 3; ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        try {
            if (std::filesystem::exists(graph))
                committed = kg::Store::open(graph, kg::OpenMode::ReadOnly).stats().sources;
        } catch (const std::exception&) {
            // the schema may not be there yet
        }
    }
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    INFO("sources committed before the kill: " << committed);
    REQUIRE(committed >= 3);

    CHECK(kg::test::integrity_check(graph) == "ok");
    auto store = kg::Store::open(graph);
    const auto stats = store.stats();
    CHECK(stats.sources < kArticles);  // the kill came mid-ingest
    CHECK(stats.facts == stats.sources);
    CHECK(stats.provenance == stats.sources);
    CHECK(stats.entities == 2 * stats.sources);
    for (const auto& s : store.sources()) CHECK(s.facts == 1);

    // Ingesting again completes the rest and repeats nothing.
    auto rerun = kg::test::run_kg({"--graph", graph, "--quiet", "ingest", dir.file("articles")});
    CHECK(rerun.exit_status == 0);
    const auto after = store.stats();
    CHECK(after.sources == kArticles);
    CHECK(after.facts == kArticles);
    CHECK(after.provenance == kArticles);
}
