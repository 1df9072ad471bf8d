// The query evaluator on a small MemoryGraph: matching, filtering,
// projection, aggregation, ordering, variable-length paths, CREATE, and the
// limits that keep a query from running away.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "kg/graph/store.hpp"
#include "kg/query/engine.hpp"
#include "kg/query/parser.hpp"
#include "kg/query/store_graph.hpp"
#include "support.hpp"

using namespace kg::query;

namespace {

// Alice -KNOWS-> Bob -KNOWS-> Carol, Alice -WORKS_AT-> Acme.
MemoryGraph people() {
    MemoryGraph g;
    execute(
        "CREATE (a:Person {name: 'Alice', age: 30}), (b:Person {name: 'Bob', age: 25}),"
        " (c:Person {name: 'Carol', age: 41}), (o:Organization {name: 'Acme'}),"
        " (a)-[:KNOWS {since: 2010}]->(b), (b)-[:KNOWS]->(c), (a)-[:WORKS_AT]->(o)",
        g);
    return g;
}

// The result as text, one row per line, cells separated by " | ".
std::vector<std::string> rows(const QueryResult& r, const MemoryGraph& g) {
    std::vector<std::string> out;
    for (const auto& row : r.rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i)
            line += (i ? " | " : "") + format_value(row[i], g);
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> run(MemoryGraph& g, const std::string& q) {
    return rows(execute(q, g), g);
}

}  // namespace

TEST_CASE("MATCH with labels, properties and WHERE", "[query]") {
    MemoryGraph g = people();
    CHECK(run(g, "MATCH (p:Person) WHERE p.age > 26 RETURN p.name AS name ORDER BY name") ==
          std::vector<std::string>{"'Alice'", "'Carol'"});
    CHECK(run(g, "MATCH (p {name: 'Bob'}) RETURN p.age") == std::vector<std::string>{"25"});
    CHECK(run(g,
              "MATCH (p:Person) WHERE p.name STARTS WITH 'C' OR p.name IN ['Bob'] "
              "RETURN p.name ORDER BY p.name DESC") ==
          std::vector<std::string>{"'Carol'", "'Bob'"});
    auto r = execute("MATCH (p:Person) RETURN p.name AS who, p.age + 1 AS next", g);
    CHECK(r.columns == std::vector<std::string>{"who", "next"});
}

TEST_CASE("floats print as Cypher engines print them, never as integers", "[query]") {
    MemoryGraph g;
    CHECK(run(g,
              "RETURN 2000000000.0, 1.5e20, 1e-7, 100.0, 0.001, 12345678.9, 0.1 + 0.2, -2.5e-10") ==
          std::vector<std::string>{"2.0E9 | 1.5E20 | 1.0E-7 | 100.0 | 0.001 | 1.23456789E7 | "
                                   "0.30000000000000004 | -2.5E-10"});
    CHECK(run(g, "RETURN toString(3.0), toFloat('1e3'), 7 / 2.0") ==
          std::vector<std::string>{"'3.0' | 1000.0 | 3.5"});
}

TEST_CASE("=~ matches whole strings by code point, in time whatever the pattern", "[query]") {
    MemoryGraph g;
    CHECK(run(g,
              "RETURN 'héllo' =~ 'h.llo', '😀' =~ '.', 'ABC' =~ '(?i)abc', 'a1' =~ '\\\\w\\\\d', "
              "'ab' =~ 'a', 'xyz' =~ 'x.*?z', 'a]' =~ '[]a]+', '42' =~ '[\\\\d]+'") ==
          std::vector<std::string>{"true | true | true | true | false | true | true | true"});
    // Nested quantifiers on a non-match (exponential for a backtracking
    // matcher) and a long text (which overflowed std::regex's stack).
    CHECK(run(g, "RETURN 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' =~ '(a+)+'") ==
          std::vector<std::string>{"false"});
    const Parameters long_text{{"s", Value::of_string(std::string(200000, 'x'))}};
    CHECK(execute("RETURN $s =~ '.*' AS m", g, long_text).rows[0][0].boolean);
    try {
        execute("RETURN 'x' =~ '('", g);
        FAIL("an invalid pattern was accepted");
    } catch (const QueryError& e) {
        CHECK(e.problem().starts_with("invalid regular expression"));
    }
}

TEST_CASE("string functions count characters, not bytes", "[query]") {
    MemoryGraph g;
    CHECK(run(g,
              "RETURN size('héllo'), size('日本語'), reverse('héllo'), toLower('ÄBC'), "
              "toUpper('éa'), substring('héllo wörld', 1, 4), substring('abc', 1), "
              "left('日本語', 2), right('héllo', 3), split('a,b,,c', ','), "
              "replace('aXbXc', 'X', '--'), round(3.14159, 2)") ==
          std::vector<std::string>{
              "5 | 3 | 'olléh' | 'äbc' | 'ÉA' | 'éllo' | 'bc' | '日本' | 'llo' | "
              "['a', 'b', '', 'c'] | 'a--b--c' | 3.14"});
    CHECK(run(g, "RETURN substring(null, 1), left('abc', null), exists(null), exists(1)") ==
          std::vector<std::string>{"null | null | false | true"});
    // exists() of a pattern is whether it matches, not whether it is null.
    MemoryGraph p = people();
    CHECK(run(p,
              "MATCH (n:Person) RETURN n.name, exists((n)-[:KNOWS]->()), "
              "exists((n)<-[:NOSUCH]-()) ORDER BY n.name") ==
          std::vector<std::string>{"'Alice' | true | false", "'Bob' | true | false",
                                   "'Carol' | false | false"});
}

TEST_CASE("integer overflow and arity are errors, not wrong answers", "[query]") {
    MemoryGraph g;
    for (const char* q :
         {"UNWIND [9223372036854775807, 1] AS x RETURN sum(x)",
          "RETURN abs(-9223372036854775807 - 1)", "RETURN coalesce()", "RETURN left('abc', -1)"}) {
        INFO(q);
        CHECK_THROWS_AS(execute(q, g), QueryError);
    }
    // range() stops where the next step would overflow.
    CHECK(run(g, "RETURN range(9223372036854775800, 9223372036854775807, 5)") ==
          std::vector<std::string>{"[9223372036854775800, 9223372036854775805]"});
}

TEST_CASE("RETURN ends a query; a query without one must change the graph", "[query]") {
    MemoryGraph g;
    for (const char* q : {"MATCH (n) RETURN n LIMIT 1 RETURN 1", "MATCH (n:Place)",
                          "UNWIND [1] AS x", "MATCH (n) WITH n", "RETURN 1 AS x CREATE ()"}) {
        INFO(q);
        CHECK_THROWS_AS(execute(q, g), QueryError);
    }
    CHECK_NOTHROW(execute("CREATE (:A)", g));
    CHECK_NOTHROW(execute("MATCH (a:A) SET a.x = 1", g));
}

TEST_CASE("after DISTINCT or aggregation ORDER BY sees only what is projected", "[query]") {
    MemoryGraph g = people();
    for (const char* q : {"MATCH (p:Person) RETURN DISTINCT p.name ORDER BY p.age",
                          "MATCH (p:Person) RETURN count(*) AS n ORDER BY p.name",
                          "MATCH (p:Person) WITH DISTINCT p.age AS a ORDER BY p.name RETURN a"}) {
        INFO(q);
        try {
            execute(q, g);
            FAIL("expected a QueryError");
        } catch (const QueryError& e) {
            CHECK(e.problem().find("is not available after") != std::string::npos);
        }
    }
    // What is projected, by its alias or its expression as written, sorts.
    CHECK(run(g, "MATCH (p:Person) RETURN DISTINCT p.name ORDER BY p.name DESC") ==
          std::vector<std::string>{"'Carol'", "'Bob'", "'Alice'"});
    CHECK(run(g, "MATCH (p:Person) RETURN p.age > 26 AS old, count(*) AS n ORDER BY old") ==
          std::vector<std::string>{"false | 1", "true | 2"});
    // Without DISTINCT or aggregation the variables before RETURN stay usable.
    CHECK(run(g, "MATCH (p:Person) RETURN p.name ORDER BY p.age") ==
          std::vector<std::string>{"'Bob'", "'Alice'", "'Carol'"});
}

TEST_CASE("errors say what is wrong: a string index, a WITH without a name", "[query]") {
    MemoryGraph g = people();
    auto problem = [&](const std::string& q) -> std::string {
        try {
            execute(q, g);
        } catch (const QueryError& e) {
            return e.problem();
        }
        return "no error";
    };
    CHECK(problem("WITH 'abc' AS s RETURN s[0]") ==
          "a string cannot be indexed (substring(s, i, 1) reads one character)");
    CHECK(problem("RETURN {a: 1}[1]") == "a map, node or relationship key must be a string");
    CHECK(problem("MATCH (n) WITH n.name RETURN n.name") ==
          "an expression in WITH needs a name: WITH n.name AS name");
    CHECK(run(g, "MATCH (n:Person) WITH n, n.age AS age WHERE age > 40 RETURN n.name") ==
          std::vector<std::string>{"'Carol'"});
}

TEST_CASE("relationship patterns, directions and functions", "[query]") {
    MemoryGraph g = people();
    CHECK(run(g, "MATCH (a)-[r:KNOWS]->(b) RETURN a.name, type(r), b.name ORDER BY a.name") ==
          std::vector<std::string>{"'Alice' | 'KNOWS' | 'Bob'", "'Bob' | 'KNOWS' | 'Carol'"});
    CHECK(run(g, "MATCH (b {name: 'Bob'})<-[:KNOWS]-(a) RETURN a.name") ==
          std::vector<std::string>{"'Alice'"});
    CHECK(run(g, "MATCH (b {name: 'Bob'})-[:KNOWS]-(x) RETURN x.name ORDER BY x.name") ==
          std::vector<std::string>{"'Alice'", "'Carol'"});
    CHECK(run(g, "MATCH (o:Organization) RETURN labels(o), toUpper(o.name), size(o.name)") ==
          std::vector<std::string>{"['Organization'] | 'ACME' | 4"});
}

TEST_CASE("variable-length paths keep relationships unique", "[query]") {
    MemoryGraph g = people();
    CHECK(run(g,
              "MATCH p = (a {name: 'Alice'})-[:KNOWS*1..3]->(x) "
              "RETURN x.name, length(p) ORDER BY length(p)") ==
          std::vector<std::string>{"'Bob' | 1", "'Carol' | 2"});
    CHECK(run(g, "MATCH (a {name: 'Alice'})-[*]-(x) RETURN count(*)") ==
          std::vector<std::string>{"3"});
}

TEST_CASE("aggregation groups by the other items", "[query]") {
    MemoryGraph g = people();
    CHECK(run(g, "MATCH (p:Person) RETURN count(*), sum(p.age), min(p.age), max(p.name)") ==
          std::vector<std::string>{"3 | 96 | 25 | 'Carol'"});
    CHECK(run(g, "MATCH (a)-[r]->() RETURN a.name, count(r) AS n ORDER BY n DESC, a.name") ==
          std::vector<std::string>{"'Alice' | 2", "'Bob' | 1"});
    CHECK(run(g, "MATCH (p:Nobody) RETURN count(p), collect(p.name)") ==
          std::vector<std::string>{"0 | []"});
}

TEST_CASE("WITH, UNWIND, DISTINCT, SKIP and LIMIT", "[query]") {
    MemoryGraph g = people();
    CHECK(run(g, "UNWIND [3, 1, 2, 1] AS x WITH DISTINCT x ORDER BY x SKIP 1 LIMIT 1 RETURN x") ==
          std::vector<std::string>{"2"});
    CHECK(run(g, "MATCH (p:Person) WITH p.age AS age WHERE age < 40 RETURN avg(age)") ==
          std::vector<std::string>{"27.5"});
    CHECK(run(g, "RETURN coalesce(null, 'x'), 1 / 2, 1.0 / 2, null = null, 2 IN [1, 2]") ==
          std::vector<std::string>{"'x' | 0 | 0.5 | null | true"});
}

TEST_CASE("CREATE writes into the graph", "[query]") {
    MemoryGraph g;
    execute("CREATE (:A {name: 'a'})-[:T]->(:B)", g);
    CHECK(g.nodes.size() == 2);
    CHECK(g.relationships.size() == 1);
    CHECK(run(g, "MATCH (a:A)-[r]->(b) RETURN a, r, b") ==
          std::vector<std::string>{"(:A {name: 'a'}) | [:T] | (:B)"});
}

TEST_CASE("errors and limits", "[query]") {
    MemoryGraph g = people();
    CHECK_THROWS_AS(execute("RETURN x", g), QueryError);
    CHECK_THROWS_AS(execute("RETURN 1 / 0", g), QueryError);
    QueryLimits small;
    small.max_rows = 10;
    CHECK_THROWS_AS(execute("UNWIND range(1, 100) AS x RETURN x", g, {}, small), QueryError);
}

TEST_CASE("aggregating right after MATCH keeps groups, not rows", "[query]") {
    // A 12 x 12 grid of KNOWS: 144 matches of one hop, more than the cap.
    MemoryGraph g;
    execute("UNWIND range(1, 12) AS i CREATE (:P {i: i})", g);
    execute("MATCH (a:P), (b:P) CREATE (a)-[:KNOWS]->(b)", g);
    QueryLimits small;
    small.max_rows = 100;
    CHECK_THROWS_AS(execute("MATCH (a)-[:KNOWS]->(b) RETURN a.i, b.i", g, {}, small),
                    QueryRowLimit);
    auto counted = [&](const std::string& q) { return rows(execute(q, g, {}, small), g); };
    CHECK(counted("MATCH (a)-[:KNOWS]->(b) RETURN count(*), count(DISTINCT b), sum(b.i), "
                  "min(a.i), max(b.i), avg(a.i)") ==
          std::vector<std::string>{"144 | 12 | 936 | 1 | 12 | 6.5"});
    CHECK(counted("MATCH (a)-[:KNOWS]->(b) WHERE b.i <= 2 RETURN a.i % 2 AS odd, count(*) AS n "
                  "ORDER BY odd") == std::vector<std::string>{"0 | 12", "1 | 12"});
    CHECK(counted("MATCH (a)-[:KNOWS]->(b) WITH a, count(b) AS n WHERE a.i > 10 "
                  "RETURN a.i, n ORDER BY a.i") == std::vector<std::string>{"11 | 12", "12 | 12"});
    // Groups still count against the cap: more groups than rows allowed fail.
    CHECK_THROWS_AS(execute("MATCH (a)-[:KNOWS]->(b) RETURN a.i, b.i, count(*)", g, {}, small),
                    QueryRowLimit);
    // Nothing matched, no keys: one row, as without streaming.
    CHECK(counted("MATCH (a:Nobody)-->(b) RETURN count(*), collect(b)") ==
          std::vector<std::string>{"0 | []"});
}

TEST_CASE("DISTINCT over many rows finishes within the time limit", "[query]") {
    MemoryGraph g;
    // 50,000 distinct values: comparing each row with every earlier one (as
    // DISTINCT once did) is over a billion comparisons, far past the limit;
    // a sorted set takes milliseconds.
    QueryLimits limits;
    limits.timeout = std::chrono::seconds(5);
    CHECK(
        rows(execute("UNWIND range(1, 50000) AS x WITH DISTINCT x RETURN count(*)", g, {}, limits),
             g) == std::vector<std::string>{"50000"});
}

TEST_CASE("the store becomes a queryable MemoryGraph", "[query]") {
    kg::test::TempDir dir;
    auto store = kg::Store::open(dir.file("g.db"));
    kg::Triple t;
    t.subject.text = "Microsoft";
    t.subject.type = kg::EntityType::Organization;
    t.relation = "invested-in";
    t.object.text = "OpenAI";
    t.object.type = kg::EntityType::Organization;
    t.confidence = 0.5;
    kg::Document doc;
    doc.uri = "test.txt";
    doc.content_hash = "hash";
    doc.text = "Microsoft invested in OpenAI.";
    t.span_end = doc.text.size();
    store.ingest(doc, kg::Extraction{1, {t}}, "test-1");

    MemoryGraph g = memory_graph_from_store(store);
    CHECK(run(g,
              "MATCH (a:Organization)-[r]->(b) WHERE type(r) = 'invested-in' "
              "RETURN a.name, b.type, r.confidence, r.negated") ==
          std::vector<std::string>{"'Microsoft' | 'Organization' | 0.5 | false"});
}

TEST_CASE("rand() draws numbers from 0 up to 1", "[query]") {
    MemoryGraph g;
    const auto r = execute("UNWIND range(1, 200) AS i RETURN rand() AS x", g);
    REQUIRE(r.rows.size() == 200);
    double lo = 1, hi = 0;
    for (const auto& row : r.rows) {
        REQUIRE(row[0].kind == Value::Kind::Float);
        lo = std::min(lo, row[0].number);
        hi = std::max(hi, row[0].number);
    }
    CHECK(lo >= 0.0);
    CHECK(hi < 1.0);
    CHECK(hi - lo > 0.5);  // 200 draws spread out (fails with odds below 1e-58)
}
