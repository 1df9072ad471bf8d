// kg query as a user runs it: output formats, parameters, parse errors with
// a caret, the timeout and row cap, "did you mean", and CREATE stored as
// facts from a source named "manual".
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <tuple>

#include "support.hpp"

using kg::test::contains;
using kg::test::json_lines;
using kg::test::run_kg;
using kg::test::TempDir;
using kg::test::write_file;

namespace {

const char* kTsv =
    "Alpha\tinvested-in\tBeta\n"
    "Beta\tacquired\tGamma\n"
    "Alpha\towns\tDelta\n"
    "Delta\tsupplies\tGamma\n"
    "Alpha\tsupplies\tHub, Inc.\n";

std::string imported_graph(const TempDir& dir) {
    const auto graph = dir.file("g.db");
    write_file(dir.file("kg.tsv"), kTsv);
    REQUIRE(run_kg({"--graph", graph, "import", "--tsv", dir.file("kg.tsv")}).exit_status == 0);
    return graph;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("kg query prints tsv with the RETURN column names", "[query][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto r = run_kg({"--graph", graph, "query",
                     "MATCH (a {name: 'Alpha'})-[r]->(o) RETURN type(r) AS relation, o.name "
                     "ORDER BY relation, o.name",
                     "--format", "tsv"});
    REQUIRE(r.exit_status == 0);
    CHECK(lines(r.out) == std::vector<std::string>{"relation\to.name", "invested-in\tBeta",
                                                   "owns\tDelta", "supplies\tHub, Inc."});
}

TEST_CASE("kg query's table aligns wide characters by the columns they take", "[query][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    REQUIRE(run_kg({"--graph", graph, "query",
                    "CREATE (:Organization {name: '腾讯控股'})-[:acquired]->"
                    "(:Organization {name: 'Supercell'})"})
                .exit_status == 0);
    auto r = run_kg({"--graph", graph, "query",
                     "MATCH (a {name: '腾讯控股'})-->(b) RETURN a.name AS buyer, b.name AS bought",
                     "--format", "table"});
    // Four CJK characters take eight columns: the rule is eight dashes wide.
    CHECK(lines(r.out) == std::vector<std::string>{"buyer     bought", "--------  ---------",
                                                   "腾讯控股  Supercell", "(1 row)"});
}

TEST_CASE("amounts on relationships sort as numbers through amount_value", "[query][cli]") {
    TempDir dir;
    const auto graph = dir.file("deals.db");
    write_file(dir.file("deals.txt"),
               "Nvidia acquired Mellanox for $6.9 billion in 2019.\n\n"
               "Broadcom acquired VMware for $69 billion in 2023.\n\n"
               "Adobe acquired Figma for $20 billion in 2022.\n");
    REQUIRE(run_kg({"--graph", graph, "ingest", dir.file("deals.txt")}).exit_status == 0);
    auto r = run_kg({"--graph", graph, "query",
                     "MATCH (a)-[r:acquired]->(b) RETURN b.name, r.amount, r.amount_value "
                     "ORDER BY r.amount_value DESC",
                     "--format", "tsv"});
    REQUIRE(r.exit_status == 0);
    CHECK(lines(r.out) == std::vector<std::string>{"b.name\tr.amount\tr.amount_value",
                                                   "VMware\t$69B\t6.9E10", "Figma\t$20B\t2.0E10",
                                                   "Mellanox\t$6.9B\t6.9E9"});
}

TEST_CASE("kg query prints JSON Lines when piped, csv quoted on request", "[query][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto r = run_kg({"--graph", graph, "query",
                     "MATCH (a)-[r:supplies]->(b) RETURN a.name AS who, b.name AS whom, "
                     "r.confidence AS c, r.sources AS sources ORDER BY who"});
    REQUIRE(r.exit_status == 0);
    const auto rows = json_lines(r.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["who"] == "Alpha");
    CHECK(rows[0]["whom"] == "Hub, Inc.");
    CHECK(rows[0]["c"] == 1.0);
    CHECK(rows[0]["sources"] == nlohmann::json::array({dir.file("kg.tsv")}));
    CHECK(rows[1]["who"] == "Delta");

    auto csv = run_kg({"--graph", graph, "query",
                       "MATCH (a {name: 'Alpha'})-[:supplies]->(b) RETURN a.name, b.name",
                       "--format", "csv"});
    REQUIRE(csv.exit_status == 0);
    CHECK(csv.out == "a.name,b.name\r\nAlpha,\"Hub, Inc.\"\r\n");

    // Nodes in JSON carry their labels and properties.
    auto nodes = json_lines(
        run_kg({"--graph", graph, "query", "MATCH (n {name: 'Beta'}) RETURN n", "--format", "json"})
            .out);
    REQUIRE(nodes.size() == 1);
    CHECK(nodes[0]["n"]["labels"] == nlohmann::json::array({"Other"}));
    CHECK(nodes[0]["n"]["properties"]["name"] == "Beta");
    CHECK(nodes[0]["n"]["properties"]["aliases"] == nlohmann::json::array());
}

TEST_CASE("kg query takes --param values as Cypher literals or strings", "[query][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto r = run_kg({"--graph", graph, "query",
                     "MATCH (a {name: $s})-->(b) WHERE b.name IN $names RETURN b.name "
                     "ORDER BY b.name LIMIT $n",
                     "--param", "s=Alpha", "--param", "names=['Beta', 'Delta', 'Gamma']", "--param",
                     "n=1", "--format", "tsv"});
    REQUIRE(r.exit_status == 0);
    CHECK(lines(r.out) == std::vector<std::string>{"b.name", "Beta"});
    // A quoted string is the same string.
    auto quoted = run_kg({"--graph", graph, "query", "MATCH (a {name: $s}) RETURN a.name",
                          "--param", "s='Alpha'", "--format", "tsv"});
    CHECK(lines(quoted.out) == std::vector<std::string>{"a.name", "Alpha"});
    auto missing = run_kg({"--graph", graph, "query", "MATCH (a {name: $s}) RETURN a"});
    CHECK(missing.exit_status == 1);
    CHECK(contains(missing.err, "$s"));
    auto twice = run_kg({"--graph", graph, "query", "RETURN $x", "-p", "x=1", "-p", "x=2"});
    CHECK(twice.exit_status == 2);
    CHECK(contains(twice.err, "kg: --param x is given twice"));
    // Format names in any case.
    CHECK(run_kg({"--graph", graph, "query", "RETURN 1 AS x", "-f", "TSV"}).out == "x\n1\n");
    // A malformed --param is a usage error (status 2), said in one line.
    auto bad = run_kg({"--graph", graph, "query", "RETURN 1", "--param", "novalue"});
    CHECK(bad.exit_status == 2);
    CHECK(contains(bad.err, "kg: --param needs NAME=VALUE, not 'novalue'\n"));
}

TEST_CASE("kg query parse errors give line, column, expectation and a caret", "[query][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto r = run_kg({"--graph", graph, "query", "MATCH (n:Person RETURN n"});
    CHECK(r.exit_status == 1);
    CHECK(r.out.empty());
    const auto err = lines(r.err);
    REQUIRE(err.size() >= 3);
    CHECK(contains(err[0], "line 1, column 17"));
    CHECK(contains(err[0], "expected"));
    CHECK(err[1] == "  MATCH (n:Person RETURN n");
    CHECK(err[2] == "                  ^");

    auto second_line = run_kg({"--graph", graph, "query", "MATCH (n)\nRETURN n.name +"});
    CHECK(second_line.exit_status == 1);
    CHECK(contains(second_line.err, "line 2, column"));
}

TEST_CASE("kg query stops at the timeout and the row cap with one line each", "[query][cli]") {
    TempDir dir;
    // A complete graph on eight nodes: its trails are far too many to list.
    std::string clique;
    for (int a = 0; a < 8; ++a)
        for (int b = 0; b < 8; ++b)
            if (a != b) clique += "N" + std::to_string(a) + "\tlinks\tN" + std::to_string(b) + "\n";
    write_file(dir.file("clique.tsv"), clique);
    const auto graph = dir.file("clique.db");
    REQUIRE(run_kg({"--graph", graph, "import", "--tsv", dir.file("clique.tsv")}).exit_status == 0);

    auto slow = run_kg({"--graph", graph, "query",
                        "MATCH (a {name: 'N0'})-[*]->(b) WHERE b.name = 'none' RETURN count(*)",
                        "--timeout", "0.2"});
    CHECK(slow.exit_status == 1);
    CHECK(slow.err == "kg: query timed out after 0.2 s (raise it with --timeout SECONDS)\n");

    auto big = run_kg(
        {"--graph", graph, "query", "MATCH (a), (b) RETURN a.name, b.name", "--max-rows", "10"});
    CHECK(big.exit_status == 1);
    CHECK(big.err == "kg: query stopped: more than 10 rows (raise the cap with --max-rows N)\n");
    CHECK(run_kg({"--graph", graph, "query", "MATCH (a), (b) RETURN count(*)"}).out ==
          "{\"count(*)\":64}\n");
    // Limits that make no sense are usage errors, worded alike in kg shell.
    for (const auto& [command, option, value] :
         {std::tuple{"query", "--timeout", "0"}, std::tuple{"query", "--max-rows", "-3"},
          std::tuple{"shell", "--timeout", "0"}, std::tuple{"shell", "--max-rows", "0"}}) {
        std::vector<std::string> args{"--graph", graph, command, option, value};
        if (std::string(command) == "query") args.push_back("RETURN 1");
        auto bad = run_kg(args, "");
        INFO(command << ' ' << option << ' ' << value);
        CHECK(bad.exit_status == 2);
        CHECK(contains(bad.err, std::string("kg: ") + option + ": must be a"));
    }
}

TEST_CASE("kg query suggests known labels and relationship types", "[query][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto r = run_kg(
        {"--graph", graph, "query", "MATCH (a)-[:aquired]->(b) RETURN a.name", "--format", "tsv"});
    CHECK(r.exit_status == 0);
    CHECK(r.out == "a.name\n");
    CHECK(contains(r.err, "kg: warning: unknown relationship type `aquired` (line 1, column 13)"));
    CHECK(contains(r.err, "did you mean `acquired`?"));

    auto label = run_kg({"--graph", graph, "query", "MATCH (a:Organisation) RETURN a"});
    CHECK(label.exit_status == 0);
    CHECK(contains(label.err, "unknown label `Organisation`"));
    CHECK(contains(label.err, "did you mean `Organization`?"));

    auto fine = run_kg({"--graph", graph, "query", "MATCH (a)-[:acquired]->(b) RETURN b.name"});
    CHECK(fine.err.empty());
    CHECK(json_lines(fine.out).size() == 1);
}

TEST_CASE("kg query tables show tabs and line breaks in values as \\t and \\n", "[query][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto r =
        run_kg({"--graph", graph, "query", "RETURN 'a\\tb' AS x, 'l1\\nl2' AS y", "-f", "table"});
    REQUIRE(r.exit_status == 0);
    CHECK(lines(r.out) ==
          std::vector<std::string>{"x     y", "----  ------", "a\\tb  l1\\nl2", "(1 row)"});
}

TEST_CASE("CREATE in kg query is stored as facts from the source 'manual'", "[query][cli]") {
    TempDir dir;
    const auto graph = imported_graph(dir);
    auto created = run_kg(
        {"--graph", graph, "query",
         "MATCH (b {name: 'Beta'}) CREATE (b)-[:acquired {date: '2021-05'}]->"
         "(:Organization {name: 'Widgets Corp'}), (:Person {name: 'Ann Lee'})-[:ceo-of]->(b)"});
    REQUIRE(created.exit_status == 0);
    CHECK(contains(created.err, "stored 2 new facts"));
    CHECK(created.out.empty());  // no RETURN: no header, no rows

    auto facts = json_lines(run_kg({"--graph", graph, "facts", "--format", "json"}).out);
    bool found = false;
    for (const auto& f : facts)
        found = found || (f["subject"] == "Beta" && f["relation"] == "acquired" &&
                          f["object"] == "Widgets Corp");
    CHECK(found);

    auto later = run_kg({"--graph", graph, "query",
                         "MATCH (p:Person)-[:ceo-of]->(b)-[r:acquired]->(w:Organization) "
                         "RETURN p.name, b.name, w.name, r.date, r.sources",
                         "--format", "tsv"});
    REQUIRE(later.exit_status == 0);
    CHECK(lines(later.out) ==
          std::vector<std::string>{"p.name\tb.name\tw.name\tr.date\tr.sources",
                                   "Ann Lee\tBeta\tWidgets Corp\t2021-05\t['manual']"});
    // Beta is still one entity: the created relationship reused it.
    auto betas = run_kg({"--graph", graph, "query", "MATCH (b {name: 'Beta'}) RETURN count(*)"});
    CHECK(betas.out == "{\"count(*)\":1}\n");

    // The same facts stated again add nothing; other updates are refused.
    auto again = run_kg({"--graph", graph, "query",
                         "MATCH (b {name: 'Beta'}) CREATE (b)-[:acquired {date: '2021-05'}]->"
                         "(:Organization {name: 'Widgets Corp'}), (:Person {name: 'Ann Lee'})"
                         "-[:ceo-of]->(b)"});
    CHECK(again.exit_status == 0);
    CHECK(contains(again.err, "already"));
    auto del = run_kg({"--graph", graph, "query", "MATCH (b {name: 'Beta'}) DETACH DELETE b"});
    CHECK(del.exit_status == 1);
    CHECK(contains(del.err, "only with CREATE"));
    auto nameless = run_kg({"--graph", graph, "query", "CREATE (:Person)-[:knows]->(:Person)"});
    CHECK(nameless.exit_status == 1);
    CHECK(contains(nameless.err, "needs a `name`"));

    // Properties kg sets itself cannot be stored as qualifiers behind them.
    auto reserved = run_kg({"--graph", graph, "query",
                            "MATCH (b {name: 'Beta'}) CREATE (b)-[:paid {sources: 'x'}]->"
                            "(:Organization {name: 'Gamma Ltd'})"});
    CHECK(reserved.exit_status == 1);
    CHECK(contains(reserved.err, "cannot store property sources of a created relationship"));
}
