// kg import --tsv, kg path, kg show --depth and the whole-graph lines of
// kg stats, run as a user runs them.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "support.hpp"

using kg::test::contains;
using kg::test::json_lines;
using kg::test::run_kg;
using kg::test::TempDir;
using kg::test::write_file;

namespace {

// gen_kg.py's shape: subject, relation, object; an extra column is ignored.
// Two components: {Alpha, Beta, Gamma, Delta, Hub} and {Solo, Other}.
const char* kTsv =
    "Alpha\tinvested-in\tBeta\n"
    "Beta\tacquired\tGamma\n"
    "Alpha\towns\tDelta\n"
    "Delta\tsupplies\tGamma\textra column\n"
    "# a comment\n"
    "\n"
    "Gamma\tpartnered-with\tHub\r\n"
    "Alpha\tsupplies\tHub\n"
    "Beta\tsupplies\tHub\n"
    "Delta\tsupplies\tHub\n"
    "Solo\tsued\tOther\n";

std::string imported_graph(const TempDir& dir) {
    const auto graph = dir.file("g.db");
    write_file(dir.file("kg.tsv"), kTsv);
    auto r = run_kg({"--graph", graph, "import", "--tsv", dir.file("kg.tsv")});
    REQUIRE(r.exit_status == 0);
    CHECK(contains(r.out, "9 triples, 9 facts added, 0 merged, 7 new entities"));
    return graph;
}

}  // namespace

TEST_CASE("kg import --tsv adds triples as facts, once", "[graph][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto again = run_kg({"--graph", graph, "import", "--tsv", dir.file("kg.tsv")});
    CHECK(again.exit_status == 0);
    CHECK(contains(again.out, "already imported"));

    auto facts = json_lines(run_kg({"--graph", graph, "facts", "--format", "json"}).out);
    REQUIRE(facts.size() == 9);
    CHECK(facts[0]["subject"] == "Alpha");
    CHECK(facts[0]["relation"] == "invested-in");
    CHECK(facts[0]["object"] == "Beta");
    CHECK(facts[0]["confidence"] == 1.0);
    CHECK(facts[0]["sources"] == 1);

    write_file(dir.file("bad.tsv"), "Alpha\tinvested-in\n");
    auto bad = run_kg({"--graph", graph, "import", "--tsv", dir.file("bad.tsv")});
    CHECK(bad.exit_status == 1);
    CHECK(contains(bad.err, "bad.tsv:1:"));
    CHECK(run_kg({"--graph", graph, "import", "--tsv", dir.file("missing.tsv")}).exit_status == 1);
    CHECK(run_kg({"--graph", graph, "import"}).exit_status == 2);

    // Invalid UTF-8 is repaired, with a warning, as ingest does.
    write_file(dir.file("latin.tsv"), "Caf\xe9 Holdings\tacquired\tBeta\n");
    auto latin = run_kg({"--graph", graph, "import", "--tsv", dir.file("latin.tsv")});
    CHECK(latin.exit_status == 0);
    CHECK(contains(latin.err, "latin.tsv: invalid UTF-8 repaired"));
    auto show = run_kg({"--graph", graph, "show", "Caf\xEF\xBF\xBD Holdings", "--format", "json"});
    CHECK(show.exit_status == 0);
}

TEST_CASE("kg path prints every shortest path", "[graph][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto r = run_kg({"--graph", graph, "path", "Alpha", "Gamma", "--format", "table"});
    REQUIRE(r.exit_status == 0);
    CHECK(r.out ==
          "Alpha -[invested-in]-> Beta -[acquired]-> Gamma\n"
          "Alpha -[owns]-> Delta -[supplies]-> Gamma\n");

    // Backwards only when asked.
    auto directed = run_kg({"--graph", graph, "path", "Gamma", "Delta", "--format", "table"});
    CHECK(directed.exit_status == 1);
    CHECK(contains(directed.err, "try --undirected"));
    auto undirected =
        run_kg({"--graph", graph, "path", "Gamma", "Delta", "--undirected", "--format", "table"});
    REQUIRE(undirected.exit_status == 0);
    CHECK(undirected.out == "Gamma <-[supplies]- Delta\n");

    auto json = json_lines(run_kg({"--graph", graph, "path", "Alpha", "Gamma", "--max", "1"}).out);
    REQUIRE(json.size() == 1);
    CHECK(json[0]["length"] == 2);
    CHECK(json[0]["facts"].size() == 2);
    CHECK(json[0]["facts"][0]["subject"] == "Alpha");

    CHECK(run_kg({"--graph", graph, "path", "Alpha", "Solo", "-u"}).exit_status == 1);
    CHECK(run_kg({"--graph", graph, "path", "Alpha", "Nobody"}).exit_status == 1);
}

TEST_CASE("kg show --depth 2 lists the neighbourhood and the facts among it", "[graph][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto rows = json_lines(
        run_kg({"--graph", graph, "show", "Gamma", "--depth", "2", "--format", "json"}).out);
    std::map<std::string, int> hops;
    std::size_t facts = 0;
    for (const auto& row : rows) {
        if (row["kind"] == "entity")
            hops[row["entity"].get<std::string>()] = row["hops"].get<int>();
        if (row["kind"] == "fact") ++facts;
    }
    // Gamma's neighbours are Beta, Delta and Hub; Alpha is two hops away.
    CHECK(hops == std::map<std::string, int>{
                      {"Gamma", 0}, {"Beta", 1}, {"Delta", 1}, {"Hub", 1}, {"Alpha", 2}});
    CHECK(facts == 8);  // all but Solo sued Other

    auto table = run_kg(
        {"--graph", graph, "show", "Gamma", "--depth", "2", "--format", "table", "--limit", "3"});
    REQUIRE(table.exit_status == 0);
    CHECK(contains(table.out, "Gamma (Other): 4 entities within 2 hops, 8 facts among them"));
    CHECK(contains(table.out, "... and 5 more facts"));

    // Depth 1 is the store's answer, with provenance; --limit cuts it short.
    auto one = run_kg({"--graph", graph, "show", "Hub", "--format", "table", "--limit", "2"});
    REQUIRE(one.exit_status == 0);
    CHECK(contains(one.out, "... and 2 more facts"));
    CHECK(json_lines(run_kg({"--graph", graph, "show", "Hub", "--format", "json"}).out).size() ==
          4);
}

TEST_CASE("kg stats reports components and the most central entities", "[graph][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto r = run_kg({"--graph", graph, "stats", "--format", "json"});
    REQUIRE(r.exit_status == 0);
    const auto s = nlohmann::json::parse(r.out);
    CHECK(s["components"] == 2);
    CHECK(s["largest_component"] == 5);
    REQUIRE(s["central"].size() == 7);
    CHECK(s["central"][0]["entity"] == "Hub");
    auto table = run_kg({"--graph", graph, "stats", "--format", "table"});
    CHECK(contains(table.out, "central 1: Hub"));
}
