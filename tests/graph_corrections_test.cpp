// Entity resolution, corrections, forget and merge, through the kg command
// on short articles written for the tests.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support.hpp"

using kg::test::contains;
using kg::test::run_kg;
using kg::test::TempDir;
using kg::test::write_file;

namespace {

// name -> (type, facts, aliases) from `kg entities --format tsv`.
std::map<std::string, std::vector<std::string>> entities(const std::string& graph) {
    auto r = run_kg({"--graph", graph, "entities", "--format", "tsv"});
    REQUIRE(r.exit_status == 0);
    std::map<std::string, std::vector<std::string>> out;
    std::istringstream in(r.out);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::istringstream fields(line);
        for (std::string c; std::getline(fields, c, '\t');) cols.push_back(c);
        cols.resize(4);
        out[cols[0] + "/" + cols[1]] = {cols[2], cols[3]};
    }
    return out;
}

std::string facts_tsv(const std::string& graph) {
    return run_kg({"--graph", graph, "facts", "--format", "tsv"}).out;
}

}  // namespace

TEST_CASE("Microsoft Corp. and Microsoft in two articles are one entity", "[graph][resolution]") {
    TempDir dir;
    const auto g = dir.file("g.db");
    write_file(dir.file("a.txt"), "Microsoft Corp. acquired Nuance for $19.7 billion in 2022.\n");
    write_file(dir.file("b.txt"), "Microsoft invested $10 billion in OpenAI.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", dir.file("a.txt"), dir.file("b.txt")}).exit_status ==
            0);
    auto e = entities(g);
    REQUIRE(e.count("Microsoft Corp./Organization") == 1);
    CHECK(e["Microsoft Corp./Organization"][0] == "2");
    CHECK(e["Microsoft Corp./Organization"][1] == "Microsoft");
    CHECK(e.size() == 3);
}

TEST_CASE("a person and a company sharing a name stay two entities", "[graph][resolution]") {
    TempDir dir;
    const auto g = dir.file("g.db");
    write_file(dir.file("a.txt"), "Jordan acquired Widgets Inc. for $5 million.\n");
    write_file(dir.file("b.txt"), "Mr. Jordan, the chief executive of Hornets, spoke on Monday.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", dir.file("a.txt"), dir.file("b.txt")}).exit_status ==
            0);
    auto e = entities(g);
    CHECK(e.count("Jordan/Organization") == 1);
    CHECK(e.count("Jordan/Person") == 1);
    // Asked for by name, kg says which two it could mean.
    auto show = run_kg({"--graph", g, "alias", "Jordan", "MJ"});
    CHECK(show.exit_status == 1);
    CHECK(contains(show.err, "names 2 entities"));
}

TEST_CASE("within a document, short names and acronyms resolve to the full name",
          "[graph][resolution]") {
    TempDir dir;
    const auto g = dir.file("g.db");
    write_file(dir.file("a.txt"),
               "Satya Nadella, the chief executive of Microsoft, spoke in Redmond.\n"
               "Mr. Nadella said Microsoft acquired Nuance.\n"
               "Nadella founded Contoso in 2001.\n"
               "International Business Machines (IBM) acquired Red Hat for $34 billion.\n"
               "IBM bought Turbonomic in 2021.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", dir.file("a.txt")}).exit_status == 0);
    const auto facts = facts_tsv(g);
    CHECK(contains(facts, "Satya Nadella\tfounded\tContoso"));
    CHECK(contains(facts, "International Business Machines\tacquired\tTurbonomic"));
    auto e = entities(g);
    CHECK(e.count("Nadella/Person") == 0);
    CHECK(e.count("IBM/Organization") == 0);
    REQUIRE(e.count("International Business Machines/Organization") == 1);
    CHECK(e["International Business Machines/Organization"][1] == "IBM");

    // The acronym is an alias for later documents too.
    write_file(dir.file("b.txt"), "IBM acquired HashiCorp for $6.4 billion.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", dir.file("b.txt")}).exit_status == 0);
    CHECK(contains(facts_tsv(g), "International Business Machines\tacquired\tHashiCorp"));
}

TEST_CASE("alias, merge-entities and split-entity last across later ingests",
          "[graph][corrections]") {
    TempDir dir;
    const auto g = dir.file("g.db");
    write_file(dir.file("a.txt"), "Alphabet acquired Wiz for $32 billion.\n");
    write_file(dir.file("b.txt"), "Google acquired Fitbit for $2.1 billion.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", dir.file("a.txt"), dir.file("b.txt")}).exit_status ==
            0);
    REQUIRE(entities(g).size() == 4);

    auto merged = run_kg({"--graph", g, "merge-entities", "Alphabet", "Google"});
    REQUIRE(merged.exit_status == 0);
    auto e = entities(g);
    CHECK(e.size() == 3);
    CHECK(e["Alphabet/Organization"][0] == "2");
    CHECK(e["Alphabet/Organization"][1] == "Google");

    // A later article about "Google" lands on Alphabet.
    write_file(dir.file("c.txt"), "Google acquired Looker for $2.6 billion.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", dir.file("c.txt")}).exit_status == 0);
    CHECK(contains(facts_tsv(g), "Alphabet\tacquired\tLooker"));

    // Splitting Google off again moves exactly what was said under that name.
    auto split =
        run_kg({"--graph", g, "split-entity", "Alphabet", "Google", "--type", "Organization"});
    REQUIRE(split.exit_status == 0);
    const auto facts = facts_tsv(g);
    CHECK(contains(facts, "Alphabet\tacquired\tWiz"));
    CHECK(contains(facts, "Google\tacquired\tFitbit"));
    CHECK(contains(facts, "Google\tacquired\tLooker"));
    write_file(dir.file("d.txt"), "Google acquired Mandiant for $5.4 billion.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", dir.file("d.txt")}).exit_status == 0);
    CHECK(contains(facts_tsv(g), "Google\tacquired\tMandiant"));

    // An alias makes a new spelling meet an old entity.
    REQUIRE(run_kg({"--graph", g, "alias", "Alphabet", "GOOGL"}).exit_status == 0);
    write_file(dir.file("e.txt"), "GOOGL acquired Kaggle in 2017.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", dir.file("e.txt")}).exit_status == 0);
    CHECK(contains(facts_tsv(g), "Alphabet\tacquired\tKaggle"));
    CHECK(run_kg({"--graph", g, "split-entity", "Alphabet", "Alphabet"}).exit_status == 1);
    // A name of another entity is not taken as an alias: that is a merge.
    auto taken = run_kg({"--graph", g, "alias", "Alphabet", "Google"});
    CHECK(taken.exit_status == 1);
    CHECK(contains(taken.err, "'Google' already names Google"));
    CHECK(contains(taken.err, "kg merge-entities"));
    CHECK(contains(facts_tsv(g), "Google\tacquired\tMandiant"));
}

TEST_CASE("forget removes a source and the facts only it supported", "[graph][forget]") {
    TempDir dir;
    const auto g = dir.file("g.db");
    write_file(dir.file("a.txt"), "Nvidia acquired Mellanox in 2019.\nNvidia acquired Arm.\n");
    write_file(dir.file("b.txt"), "Nvidia acquired Mellanox for $6.9 billion.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", dir.file("a.txt"), dir.file("b.txt")}).exit_status ==
            0);
    auto forget = run_kg({"--graph", g, "forget", dir.file("a.txt")});
    REQUIRE(forget.exit_status == 0);
    CHECK(contains(forget.out, "1 facts removed, 1 kept"));
    const auto facts = facts_tsv(g);
    CHECK_FALSE(contains(facts, "Arm"));
    CHECK(contains(facts, "Nvidia\tacquired\tMellanox\tamount $6.9B\tpositive\t0.90\t1"));
    auto e = entities(g);
    CHECK(e.count("Arm/Organization") == 0);
    auto stats = nlohmann::json::parse(run_kg({"--graph", g, "stats", "--format", "json"}).out);
    CHECK(stats["sources"] == 1);
    CHECK(stats["provenance"] == 1);
    CHECK(run_kg({"--graph", g, "forget", "nothing-like-this.txt"}).exit_status == 1);
}

TEST_CASE("a re-ingested article replaces its earlier version; forget takes ids",
          "[graph][forget]") {
    TempDir dir;
    const auto g = dir.file("g.db");
    const auto a = dir.file("a.txt");
    write_file(a, "Nvidia acquired Mellanox.\nNvidia acquired Arm.\n");
    REQUIRE(run_kg({"--graph", g, "ingest", a}).exit_status == 0);
    // The article was edited: Arm is gone, Cumulus is new.
    write_file(a, "Nvidia acquired Mellanox.\nNvidia acquired Cumulus.\n");
    auto again = run_kg({"--graph", g, "ingest", a});
    REQUIRE(again.exit_status == 0);
    CHECK(contains(again.out, "(replaces the version ingested before)"));
    auto facts = facts_tsv(g);
    CHECK_FALSE(contains(facts, "Arm"));
    CHECK(contains(facts, "Cumulus"));
    // One source, so Mellanox counts one confirmation, not two.
    CHECK(contains(facts, "Nvidia\tacquired\tMellanox\t\tpositive\t0.90\t1\t\n"));
    auto stats = nlohmann::json::parse(run_kg({"--graph", g, "stats", "--format", "json"}).out);
    CHECK(stats["sources"] == 1);

    // Standard input has no identity: two stdin ingests are two sources, and
    // forget asks which one.
    REQUIRE(run_kg({"--graph", g, "ingest", "-"}, "Apple acquired Beats.\n").exit_status == 0);
    REQUIRE(run_kg({"--graph", g, "ingest", "-"}, "Apple acquired Shazam.\n").exit_status == 0);
    auto ambiguous = run_kg({"--graph", g, "forget", "-"});
    CHECK(ambiguous.exit_status == 1);
    CHECK(contains(ambiguous.err, "2 sources are named '-'"));
    const auto sources = run_kg({"--graph", g, "sources", "--format", "json"}).out;
    const auto last = nlohmann::json::parse(sources.substr(sources.rfind('{')));
    const std::string id = std::to_string(last["id"].get<int>());
    auto by_id = run_kg({"--graph", g, "forget", id});  // as kg sources prints it
    CHECK(by_id.exit_status == 0);
    CHECK_FALSE(contains(facts_tsv(g), "Shazam"));
    CHECK(contains(facts_tsv(g), "Beats"));
}

TEST_CASE("merge combines graphs built apart under the same rules", "[graph][merge]") {
    TempDir dir;
    write_file(dir.file("a.txt"), "Microsoft invested $1 billion in OpenAI in 2019.\n");
    write_file(dir.file("b.txt"),
               "Microsoft Corp. invested in OpenAI.\nAmazon invested in Anthropic.\n");
    write_file(dir.file("c.txt"), "Google invested $2 billion in Anthropic.\n");
    const auto one = dir.file("one.db"), two = dir.file("two.db");
    REQUIRE(run_kg({"--graph", one, "ingest", dir.file("a.txt")}).exit_status == 0);
    REQUIRE(
        run_kg({"--graph", two, "ingest", dir.file("b.txt"), dir.file("c.txt"), dir.file("a.txt")})
            .exit_status == 0);
    auto r = run_kg({"--graph", one, "merge", two});
    REQUIRE(r.exit_status == 0);
    CHECK(contains(r.out, "2 sources added (1 already here)"));
    auto stats = nlohmann::json::parse(run_kg({"--graph", one, "stats", "--format", "json"}).out);
    CHECK(stats["sources"] == 3);
    CHECK(stats["facts"] == 3);
    CHECK(stats["entities"] == 5);
    const auto facts = facts_tsv(one);
    CHECK(contains(facts,
                   "Microsoft\tinvested-in\tOpenAI\tamount $1B, date 2019\tpositive\t0.99\t2"));
    // Merging again changes nothing; merging a graph into itself is refused.
    CHECK(contains(run_kg({"--graph", one, "merge", two}).out, "0 sources added"));
    CHECK(run_kg({"--graph", one, "merge", one}).exit_status == 1);
}

TEST_CASE("values that change over time are kept with their dates, shown in date order",
          "[graph][history]") {
    TempDir dir;
    const auto g = dir.file("g.db");
    write_file(dir.file("late.txt"),
               "OpenAI raises money\n\nPublished: 2025-03-31\n\n"
               "OpenAI is valued at $300 billion after its latest round.\n");
    write_file(dir.file("early.txt"),
               "OpenAI closes a round\n\nPublished: 2024-10-02\n\n"
               "OpenAI is valued at $157 billion after the round.\n");
    REQUIRE(
        run_kg({"--graph", g, "ingest", dir.file("late.txt"), dir.file("early.txt")}).exit_status ==
        0);
    auto show = run_kg({"--graph", g, "show", "OpenAI", "--format", "table"});
    REQUIRE(show.exit_status == 0);
    const auto early = show.out.find("valued-at $157B"), late = show.out.find("valued-at $300B");
    REQUIRE(early != std::string::npos);
    REQUIRE(late != std::string::npos);
    CHECK(early < late);
    CHECK(contains(show.out, "2024-10-02"));
    CHECK(contains(show.out, "2025-03-31"));
}
