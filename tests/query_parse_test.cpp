// The query grammar: the tree valid queries parse to, the errors malformed
// ones give, robustness on hostile input, and the openCypher TCK's queries.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "kg/query/ast_print.hpp"
#include "kg/query/parser.hpp"
#include "kg/query/semantic_check.hpp"
#include "kg/query/tck_feature.hpp"

using namespace kg::query;

namespace {

// The single clause of kind T in a one-part query.
template <class T>
const T& clause(const Query& q, std::size_t i) {
    REQUIRE(q.parts.size() == 1);
    REQUIRE(q.parts[0].clauses.size() > i);
    const T* c = std::get_if<T>(&q.parts[0].clauses[i].node);
    REQUIRE(c != nullptr);
    return *c;
}

std::string shape(const Expression& e) {
    return to_string(e);
}

// The WHERE expression of `MATCH (n) WHERE <text> RETURN n`, printed.
std::string where_shape(const std::string& text) {
    const Query q = parse_query("MATCH (n) WHERE " + text + " RETURN n");
    const Match& m = clause<Match>(q, 0);
    REQUIRE(m.where);
    return shape(*m.where);
}

std::string return_shape(const std::string& text) {
    const Query q = parse_query("RETURN " + text);
    const Return& r = clause<Return>(q, 0);
    REQUIRE(r.projection.items.size() == 1);
    return shape(r.projection.items[0].expression);
}

QueryError error_of(const std::string& text) {
    try {
        parse_query(text);
    } catch (const QueryError& e) {
        return e;
    }
    FAIL("expected a QueryError for: " << text);
    return QueryError(text, 0, "");
}

std::filesystem::path tck_features() {
    return std::filesystem::path(KG_SHARED_DIR) / "data" / "opencypher-tck" / "features";
}

}  // namespace

TEST_CASE("MATCH patterns parse to nodes, relationships and steps", "[query]") {
    const Query q = parse_query(
        "MATCH (a:Organization {name: 'Microsoft'})-[r:acquired|invested-in*1..3]->(b), "
        "(c)<--(d:X:Y) "
        "RETURN b");
    const Match& m = clause<Match>(q, 0);
    CHECK_FALSE(m.optional);
    REQUIRE(m.pattern.size() == 2);

    const PatternPart& first = m.pattern[0];
    CHECK(first.start.variable == "a");
    REQUIRE(first.start.labels.size() == 1);
    CHECK(first.start.labels[0].text == "Organization");
    CHECK(first.start.labels[0].offset == 9);
    REQUIRE(first.start.properties);
    const auto* props = std::get_if<MapLiteral>(&first.start.properties->node);
    REQUIRE(props);
    REQUIRE(props->entries.size() == 1);
    CHECK(props->entries[0].first == "name");

    REQUIRE(first.steps.size() == 1);
    const RelationshipPattern& r = first.steps[0].relationship;
    CHECK(r.variable == "r");
    REQUIRE(r.types.size() == 2);
    CHECK(r.types[0].text == "acquired");
    CHECK(r.types[1].text == "invested-in");
    CHECK(r.direction == Direction::Right);
    REQUIRE(r.length);
    CHECK(r.length->min == 1);
    CHECK(r.length->max == 3);
    CHECK(first.steps[0].node.variable == "b");

    const PatternPart& second = m.pattern[1];
    CHECK(second.steps[0].relationship.direction == Direction::Left);
    CHECK_FALSE(second.steps[0].relationship.length);
    CHECK(second.steps[0].node.labels.size() == 2);
}

TEST_CASE("relationship directions, types and lengths", "[query]") {
    auto rel = [](const std::string& text) {
        const Query q = parse_query("MATCH (a)" + text + "(b) RETURN a");
        return clause<Match>(q, 0).pattern[0].steps.at(0).relationship;
    };
    CHECK(rel("--").direction == Direction::Both);
    CHECK(rel("-->").direction == Direction::Right);
    CHECK(rel("<--").direction == Direction::Left);
    CHECK(rel("<-->").direction == Direction::Both);
    CHECK(rel("-[]-").direction == Direction::Both);
    CHECK(rel("<-[:T]-").types.at(0).text == "T");
    CHECK(rel("-[:`weird type`]->").types.at(0).text == "weird type");
    CHECK(rel("-[:A|:B]->").types.size() == 2);

    auto length = [&](const std::string& text) {
        auto r = rel(text);
        REQUIRE(r.length);
        return std::make_pair(r.length->min, r.length->max);
    };
    using L = std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>>;
    CHECK(length("-[*]->") == L{std::nullopt, std::nullopt});
    CHECK(length("-[*2]->") == L{2, 2});
    CHECK(length("-[*1..3]->") == L{1, 3});
    CHECK(length("-[*..3]->") == L{std::nullopt, 3});
    CHECK(length("-[*2..]->") == L{2, std::nullopt});
    CHECK(length("-[r:T*0..1 {k: 1}]->") == L{0, 1});
    CHECK(length("-[:T]->{1,3}") == L{1, 3});
    CHECK(length("-[:T]->{2}") == L{2, 2});
    CHECK(length("-->{,4}") == L{0, 4});
    CHECK(length("-->{1,}") == L{1, std::nullopt});

    // Hyphens belong to a type name only between letters, after ':'.
    CHECK(rel("-[:invested-in]->").types.at(0).text == "invested-in");
    CHECK(rel("-[:a-b-c]-").types.at(0).text == "a-b-c");
}

TEST_CASE("paths, shortestPath and OPTIONAL MATCH", "[query]") {
    const Query q = parse_query(
        "OPTIONAL MATCH p = shortestPath((a)-[*]->(b)) MATCH q = allShortestPaths((a)--(c)) "
        "MATCH x = (a) RETURN p");
    const Match& m0 = clause<Match>(q, 0);
    CHECK(m0.optional);
    CHECK(m0.pattern[0].path_variable == "p");
    CHECK(m0.pattern[0].search == PathSearch::Shortest);
    CHECK(clause<Match>(q, 1).pattern[0].search == PathSearch::AllShortest);
    CHECK(clause<Match>(q, 2).pattern[0].path_variable == "x");
    CHECK(clause<Match>(q, 2).pattern[0].steps.empty());
}

TEST_CASE("operator precedence and associativity", "[query]") {
    CHECK(return_shape("1 + 2 * 3") == "(1 + (2 * 3))");
    CHECK(return_shape("1 - 2 - 3") == "((1 - 2) - 3)");
    CHECK(return_shape("2 ^ 3 ^ 2") == "((2 ^ 3) ^ 2)");
    CHECK(return_shape("-2 ^ 2") == "(-2 ^ 2)");
    CHECK(return_shape("- x ^ 2") == "((-x) ^ 2)");
    CHECK(return_shape("1 + (2 - (3 * (4 / (5 ^ (6 % null)))))") ==
          "(1 + (2 - (3 * (4 / (5 ^ (6 % null))))))");
    CHECK(where_shape("a OR b XOR c AND NOT d") == "(a OR (b XOR (c AND (NOT d))))");
    CHECK(where_shape("NOT n.x = 1") == "(NOT (n.x = 1))");
    CHECK(where_shape("n.x IN [1, 2] = true") == "((n.x IN [1, 2]) = true)");
    CHECK(where_shape("1 < n.x <= 3") == "((1 < n.x) AND (n.x <= 3))");
    CHECK(where_shape("n.name STARTS WITH 'A' AND n.name ENDS WITH 'z'") ==
          "((n.name STARTS WITH 'A') AND (n.name ENDS WITH 'z'))");
    CHECK(where_shape("n.name CONTAINS 'x' OR n.name =~ 'a.*'") ==
          "((n.name CONTAINS 'x') OR (n.name =~ 'a.*'))");
    CHECK(where_shape("n.x IS NULL AND n.y IS NOT NULL") ==
          "((n.x IS NULL) AND (n.y IS NOT NULL))");
    CHECK(where_shape("n:A:B") == "n:A:B");
    CHECK(where_shape("NOT (n:B)") == "(NOT n:B)");
    CHECK(where_shape("n.a + n.b <> 3") == "((n.a + n.b) <> 3)");
    CHECK(where_shape("a.x % 2 = 0") == "((a.x % 2) = 0)");
}

TEST_CASE("literals", "[query]") {
    auto literal = [](const std::string& text) {
        const Query q = parse_query("RETURN " + text);
        const Expression& e = clause<Return>(q, 0).projection.items.at(0).expression;
        const Literal* l = std::get_if<Literal>(&e.node);
        REQUIRE(l);
        return l->value;
    };
    CHECK(std::get<std::int64_t>(literal("42")) == 42);
    CHECK(std::get<std::int64_t>(literal("0x1F")) == 31);
    CHECK(std::get<std::int64_t>(literal("0o17")) == 15);
    CHECK(std::get<std::int64_t>(literal("017")) == 15);
    CHECK(std::get<std::int64_t>(literal("-9223372036854775808")) == INT64_MIN);
    CHECK(std::get<std::int64_t>(literal("9223372036854775807")) == INT64_MAX);
    CHECK(std::get<double>(literal("1.5")) == 1.5);
    CHECK(std::get<double>(literal(".5")) == 0.5);
    CHECK(std::get<double>(literal("1e3")) == 1000.0);
    CHECK(std::get<double>(literal("-1.5e-3")) == -0.0015);
    CHECK(std::get<bool>(literal("TRUE")) == true);
    CHECK(std::get<bool>(literal("false")) == false);
    CHECK(std::holds_alternative<NullValue>(literal("null")));
    CHECK(std::get<std::string>(literal("'it\\'s'")) == "it's");
    CHECK(std::get<std::string>(literal("\"say \\\"hi\\\"\"")) == "say \"hi\"");
    CHECK(std::get<std::string>(literal("'a\\tb\\nc\\\\'")) == "a\tb\nc\\");
    CHECK(std::get<std::string>(literal("'\\u00e9\\U0001F600'")) == "\xC3\xA9\xF0\x9F\x98\x80");
    CHECK(return_shape("[1, 'a', [], {}]") == "[1, 'a', [], {}]");
    CHECK(return_shape("{a: 1, `b c`: [true]}") == "{a: 1, `b c`: [true]}");
    CHECK(return_shape("$param") == "$param");
    CHECK(return_shape("$0") == "$0");
}

TEST_CASE("postfix: properties, indexing, slicing, labels", "[query]") {
    CHECK(return_shape("n.address.city") == "n.address.city");
    CHECK(return_shape("list[0]") == "list[0]");
    CHECK(return_shape("list[1..3]") == "list[1..3]");
    CHECK(return_shape("list[..-1]") == "list[..-1]");
    CHECK(return_shape("list[2..]") == "list[2..]");
    CHECK(return_shape("[1, 2, 3][i + 1]") == "[1, 2, 3][(i + 1)]");
    CHECK(return_shape("n.`weird key`") == "n.`weird key`");
    CHECK(return_shape("(n:Foo)") == "n:Foo");
    CHECK(return_shape("n.count") == "n.count");  // keywords are fine as keys
}

TEST_CASE("functions, aggregates, CASE, comprehensions, quantifiers", "[query]") {
    CHECK(return_shape("count(*)") == "count(*)");
    CHECK(return_shape("cOuNt( * )") == "count(*)");
    CHECK(return_shape("count(DISTINCT n)") == "count(DISTINCT n)");
    CHECK(return_shape("coalesce(a.x, b.x, 0)") == "coalesce(a.x, b.x, 0)");
    CHECK(return_shape("toLower(type(r))") == "toLower(type(r))");
    CHECK(return_shape("rand()") == "rand()");
    CHECK(return_shape("CASE WHEN x > 1 THEN 'a' ELSE 'b' END") ==
          "CASE WHEN (x > 1) THEN 'a' ELSE 'b' END");
    CHECK(return_shape("CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END") ==
          "CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END");
    CHECK(return_shape("[x IN range(1, 10) WHERE x % 2 = 0 | x * x]") ==
          "[x IN range(1, 10) WHERE ((x % 2) = 0) | (x * x)]");
    CHECK(return_shape("[x IN list]") == "[x IN list]");
    CHECK(return_shape("[x IN list, 2]") == "[(x IN list), 2]");
    CHECK(return_shape("all(x IN l WHERE x > 0)") == "all(x IN l WHERE (x > 0))");
    CHECK(return_shape("none(x IN l WHERE x > 0)") == "none(x IN l WHERE (x > 0))");
    CHECK(return_shape("any(x IN l)") == "any(x IN l)");
    CHECK(return_shape("single(x IN l WHERE x)") == "single(x IN l WHERE x)");

    const Query q = parse_query("RETURN count(DISTINCT n) AS c");
    const auto& f =
        std::get<FunctionCall>(clause<Return>(q, 0).projection.items.at(0).expression.node);
    CHECK(f.name == "count");
    CHECK(f.distinct);
    CHECK(f.args.size() == 1);
}

TEST_CASE("patterns as predicates", "[query]") {
    CHECK(where_shape("(n)-[:KNOWS]->(:Person)") == "(n)-[:KNOWS]->(:Person)");
    CHECK(where_shape("NOT (n)<--()") == "(NOT (n)<--())");
    CHECK(where_shape("exists((n)--())") == "exists((n)--())");
    CHECK(where_shape("(n.x) - 1 > 0") == "((n.x - 1) > 0)");
    const std::string deep = "(((((n.x)))))";
    CHECK(where_shape(deep + " = 1") == "(n.x = 1)");
}

TEST_CASE("RETURN and WITH projections", "[query]") {
    const Query q = parse_query(
        "MATCH (n) WITH DISTINCT n.name AS name, count(*) AS c ORDER BY c DESC, name SKIP 1 LIMIT "
        "10 "
        "WHERE c > 1 RETURN *, name   AS  x ORDER BY x ASC LIMIT $l");
    const With& w = clause<With>(q, 1);
    CHECK(w.projection.distinct);
    CHECK_FALSE(w.projection.star);
    REQUIRE(w.projection.items.size() == 2);
    CHECK(w.projection.items[0].alias == "name");
    CHECK(w.projection.items[0].text == "n.name");
    REQUIRE(w.projection.order_by.size() == 2);
    CHECK(w.projection.order_by[0].descending);
    CHECK_FALSE(w.projection.order_by[1].descending);
    REQUIRE(w.projection.skip);
    REQUIRE(w.projection.limit);
    REQUIRE(w.where);
    CHECK(shape(*w.where) == "(c > 1)");

    const Return& r = clause<Return>(q, 2);
    CHECK(r.projection.star);
    REQUIRE(r.projection.items.size() == 1);
    CHECK(r.projection.items[0].alias == "x");
    CHECK(shape(*r.projection.limit) == "$l");

    // Without an alias the column is named by the text as written.
    const Query t = parse_query("MATCH (n) RETURN cOuNt( * ), n.num  +  1");
    CHECK(clause<Return>(t, 1).projection.items[0].text == "cOuNt( * )");
    CHECK(clause<Return>(t, 1).projection.items[1].text == "n.num  +  1");
}

TEST_CASE("updating clauses", "[query]") {
    const Query q = parse_query(
        "CREATE (a:A {k: 1})-[:T {w: 2}]->(b), (c) "
        "MERGE (x:X {id: 1}) ON CREATE SET x.new = true ON MATCH SET x.seen = x.seen + 1 "
        "SET a.k = 2, a += {m: 3}, b = {}, c:L1:L2 "
        "REMOVE a.k, b:L "
        "DETACH DELETE a, b "
        "DELETE c");
    const Create& c = clause<Create>(q, 0);
    REQUIRE(c.pattern.size() == 2);
    CHECK(c.pattern[0].steps.at(0).relationship.types.at(0).text == "T");
    CHECK(c.pattern[0].steps.at(0).relationship.properties);

    const Merge& m = clause<Merge>(q, 1);
    CHECK(m.pattern.start.variable == "x");
    CHECK(m.on_create.size() == 1);
    CHECK(m.on_match.size() == 1);

    const Set& s = clause<Set>(q, 2);
    REQUIRE(s.items.size() == 4);
    CHECK(std::holds_alternative<SetProperty>(s.items[0]));
    CHECK(std::get<SetProperties>(s.items[1]).merge);
    CHECK_FALSE(std::get<SetProperties>(s.items[2]).merge);
    CHECK(std::get<SetLabels>(s.items[3]).labels.size() == 2);

    CHECK(clause<Remove>(q, 3).items.size() == 2);
    CHECK(clause<Delete>(q, 4).detach);
    CHECK(clause<Delete>(q, 4).targets.size() == 2);
    CHECK_FALSE(clause<Delete>(q, 5).detach);
}

TEST_CASE("UNWIND, UNION, comments, keywords in any case", "[query]") {
    const Query q = parse_query(
        "// a comment\nunwind [1, 2] as x /* inline */ return x\nUNION ALL\nUnWiNd [3] AS x RETURN "
        "x "
        "UNION RETURN 1 AS x;");
    REQUIRE(q.parts.size() == 3);
    CHECK(q.union_all == std::vector<bool>{true, false});
    const auto& u = std::get<Unwind>(q.parts[0].clauses[0].node);
    CHECK(u.variable == "x");
    CHECK(q.parts[0].clauses[0].offset == 13);
}

TEST_CASE("offsets point at the source", "[query]") {
    const std::string text = "MATCH (n)\nWHERE  n.x > 1\nRETURN n";
    const Query q = parse_query(text);
    const Match& m = clause<Match>(q, 0);
    REQUIRE(m.where);
    CHECK(text.substr(m.where->offset, 3) == "n.x");
    CHECK(text.substr(q.parts[0].clauses[1].offset, 6) == "RETURN");
    CHECK(text.substr(m.pattern[0].start.offset, 3) == "(n)");
}

TEST_CASE("printed queries parse back to the same tree", "[query]") {
    for (const char* text : {
             "MATCH (a:A {x: [1, 2.5, 'q\\'']})-[r:T|U*2..]-(b) WHERE a.x IN $list RETURN a, r",
             "UNWIND range(0, 10) AS i WITH i WHERE i % 2 = 0 RETURN collect(i)[..2] AS evens",
             "CREATE (:X)-[:`has space` {k: -1}]->(:Y) RETURN 1",
             "MATCH p = (a)<-[:invested-in]-(b) RETURN nodes(p), length(p) ORDER BY length(p) DESC",
         }) {
        const std::string once = to_string(parse_query(text));
        CHECK(to_string(parse_query(once)) == once);
    }
}

TEST_CASE("parse errors name line, column and what was expected", "[query]") {
    struct Case {
        const char* text;
        std::size_t line, column;
        const char* problem;
    };
    for (const Case& c : {
             Case{"MATCH (n:Person RETURN n", 1, 17, "expected ')'"},
             Case{"MATCH (n)\nRETURN", 2, 7, "expected what to return (expressions or *)"},
             Case{"MATCH (n)-[:]->(m) RETURN n", 1, 13, "expected a relationship type"},
             Case{"MATCH (n)-[r:T->(m) RETURN n", 1, 15, "expected ']'"},
             Case{"MATCH (n)-->m RETURN n", 1, 13, "expected a node pattern such as (n:Label)"},
             Case{"MATCH (n) RETRUN n", 1, 11,
                  "expected a clause (MATCH, RETURN, WITH, ...) or the end of the query; did "
                  "you mean RETURN?"},
             Case{"MATCH (n) RETURN n LIMT 1", 1, 20,
                  "expected a clause (MATCH, RETURN, WITH, ...) or the end of the query; did "
                  "you mean LIMIT?"},
             Case{"MACH (n) RETURN n", 1, 1,
                  "expected a clause such as MATCH, CREATE or RETURN; did you mean MATCH?"},
             Case{"MATCH (n) RETURN n,", 1, 20, "expected an expression"},
             Case{"MATCH (n) RETURN n ORDER BY", 1, 28, "expected an expression to sort by"},
             Case{"MATCH (n) RETURN n ORDER BY n.x,", 1, 33, "expected an expression to sort by"},
             Case{"MATCH (n) WHERE n.x = RETURN n", 1, 23, "expected an expression"},
             Case{"MATCH (n) WHERE n.x AND RETURN n", 1, 25, "expected an expression"},
             Case{"RETURN 'abc", 1, 8, "unterminated string (missing closing ')"},
             Case{"RETURN 9223372036854775808", 1, 8, "integer too large for 64 bits"},
             Case{"UNWIND [1] x RETURN x", 1, 12, "expected AS"},
             Case{"MATCH (a)-[:LIKES..]->(c) RETURN c", 1, 18, "expected ']'"},
             Case{"MATCH (a)-[:LIKES*-2]->(c) RETURN c", 1, 19, "expected ']'"},
             Case{"OPTIONAL (n) RETURN n", 1, 10, "expected MATCH"},
             Case{"RETURN n ORDER n", 1, 16, "expected BY"},
             Case{"", 1, 1, "expected a clause such as MATCH, CREATE or RETURN"},
             Case{"RETURN [1, 2", 1, 13, "expected ']'"},
             Case{"RETURN {a 1}", 1, 11, "expected ':'"},
             Case{"RETURN CASE WHEN 1 THEN 2", 1, 26, "expected END"},
             Case{"RETURN 1 /* open", 1, 10, "unterminated comment"},
             Case{"RETURN 'bad \\q escape'", 1, 13, "invalid escape sequence in string"},
             Case{"RETURN x[]", 1, 10, "expected an index or a range (from..to) inside [ ]"},
         }) {
        INFO(c.text);
        const QueryError e = error_of(c.text);
        CHECK(e.problem() == c.problem);
        CHECK(e.line() == c.line);
        CHECK(e.column() == c.column);
    }
}

TEST_CASE("the error message shows the line and a caret", "[query]") {
    const QueryError e = error_of("MATCH (n:Person RETURN n");
    CHECK(std::string(e.what()) ==
          "kg: query error at line 1, column 17: expected ')'\n"
          "  MATCH (n:Person RETURN n\n"
          "                  ^");
    // Only the offending line is shown; columns count characters, not bytes.
    const QueryError e2 = error_of("MATCH (n)\nWHERE n.name = 'Zoë' AND\nRETURN n");
    CHECK(e2.line() == 3);
    const QueryError e3 = error_of("RETURN 'é', (");
    CHECK(e3.column() == 14);
    CHECK(std::string(e3.what()).find("\n  RETURN 'é', (\n               ^") != std::string::npos);
}

TEST_CASE("deep nesting is an error, not a stack overflow", "[query]") {
    const std::size_t n = 100000;
    for (const auto& [open, close] :
         std::vector<std::pair<std::string, std::string>>{{"(", ")"},
                                                          {"[", "]"},
                                                          {"NOT ", ""},
                                                          {"-", ""},
                                                          {"{a: ", "}"},
                                                          {"CASE WHEN ", " THEN 1 END"},
                                                          {"[x IN ", "]"},
                                                          {"f(", ")"},
                                                          {"({a: ", "})-->()"}}) {
        std::string text = "RETURN ";
        for (std::size_t i = 0; i < n; ++i) text += open;
        text += "1";
        for (std::size_t i = 0; i < n; ++i) text += close;
        INFO(open);
        const QueryError e = error_of(text);
        CHECK(e.problem().find("nests too deeply") != std::string::npos);
    }
    // Nesting within the limit is fine.
    std::string ok = "RETURN ";
    for (int i = 0; i < 50; ++i) ok += "(";
    ok += "1";
    for (int i = 0; i < 50; ++i) ok += ")";
    CHECK_NOTHROW(parse_query(ok));
}

TEST_CASE("long operator chains are errors, not stack overflows", "[query]") {
    // A chain is a tree as deep as it is long: the parser caps the
    // operators, the checker the depth.
    for (const std::string op : {" + ", " AND ", " OR ", " * ", " = "}) {
        std::string text = "RETURN 1";
        for (int i = 0; i < 100000; ++i) text += op + "1";
        INFO(op);
        CHECK(error_of(text).problem() == "the query has more than 2000 operators");
    }
    for (const std::string op : {".a", "[0]", " IS NULL"}) {
        std::string text = "RETURN x";
        for (int i = 0; i < 100000; ++i) text += op;
        INFO(op);
        CHECK(error_of(text).problem() == "the query has more than 2000 operators");
    }
    std::string deep = "RETURN 1";
    for (int i = 0; i < 1500; ++i) deep += " + 1";
    const Query q = parse_query(deep);
    try {
        check_query(q, deep);
        FAIL("a 1500-operator chain passed the checker");
    } catch (const QueryError& e) {
        CHECK(e.problem().find("nested more than 500 levels") != std::string::npos);
    }
    std::string fine = "RETURN 1";
    for (int i = 0; i < 300; ++i) fine += " + 1";
    const Query ok = parse_query(fine);
    CHECK_NOTHROW(check_query(ok, fine));
}

TEST_CASE("an unknown function gets the closest known one", "[query]") {
    const Query q = parse_query("RETURN tolwer('A')");
    try {
        check_query(q, "RETURN tolwer('A')");
        FAIL("tolwer passed the checker");
    } catch (const QueryError& e) {
        CHECK(e.problem() == "unknown function tolwer; did you mean toLower?");
    }
}

TEST_CASE("an error in a long line shows the part around the caret", "[query]") {
    std::string text = "RETURN ";
    for (int i = 0; i < 1000; ++i) text += std::to_string(i) + " AS c" + std::to_string(i) + ", ";
    text += "oops oops";
    const std::string shown = error_of(text).what();
    const auto lines = shown.substr(shown.find('\n') + 1);
    CHECK(lines.size() < 250);
    CHECK(lines.find("…") != std::string::npos);
    // The caret still sits under the word it is about (columns in characters;
    // the "…" is one character of three bytes).
    const auto line = lines.substr(0, lines.find('\n'));
    const auto caret_line = lines.substr(lines.find('\n') + 1);
    auto chars = [](std::string_view t) {
        return std::count_if(t.begin(), t.end(), [](char c) { return (c & 0xC0) != 0x80; });
    };
    CHECK(chars(line.substr(0, line.find("oops oops") + 5)) ==
          chars(caret_line.substr(0, caret_line.find('^'))));
}

TEST_CASE("mutated queries never crash or hang", "[query]") {
    std::vector<std::string> seeds = {
        "MATCH (a:Organization {name: 'Microsoft'})-[r:acquired|invested-in*1..3]->(b) "
        "WHERE b.founded > 1990 AND NOT b:Defunct RETURN b.name AS name, count(*) ORDER BY name "
        "LIMIT 5",
        "UNWIND [1, 2, 3] AS x WITH x, [y IN range(0, x) WHERE y % 2 = 0 | y * y] AS sq "
        "RETURN x, sq[0..2], CASE WHEN x > 1 THEN 'big' ELSE \"small\" END",
        "MATCH p = shortestPath((a {id: $id})-[*..5]-(b)) OPTIONAL MATCH (b)<-[r]-(c) "
        "RETURN nodes(p), coalesce(c.name, 'none'), {k: [1, 2.5e3, null, true]}",
        "CREATE (a:A {k: 'v'})-[:T {w: 0x1F}]->(b:B) MERGE (c:C) ON CREATE SET c.n = 1 "
        "SET a += {x: -1} REMOVE b:B DETACH DELETE c",
    };
    const auto features = tck_features();
    if (std::filesystem::exists(features)) {
        for (const auto& file : tck::find_feature_files(features))
            for (const auto& scenario : tck::read_feature(file).scenarios)
                for (const auto& step : scenario.steps)
                    if (step.kind == tck::StepKind::ExecutingQuery && step.argument.size() < 400)
                        seeds.push_back(step.argument);
    }
    const std::string alphabet = "()[]{}<>-=:|*.,'\"`$/\\ \n0123456789abcMATCHRETURN+^%~";
    const std::vector<std::string> tokens = {"MATCH", "RETURN", "WHERE", "(",  ")",  "-[",
                                             "]->",   "<-",     "'",     "\"", "/*", "//",
                                             "CASE",  "END",    "..",    "*",  "{",  "}"};
    std::mt19937 rng(20261126);
    std::size_t parsed = 0, rejected = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < 3000; ++round) {
        std::string text = seeds[rng() % seeds.size()];
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const std::size_t at = rng() % text.size();
            switch (rng() % 5) {
                case 0:
                    text.erase(at, 1 + rng() % 5);
                    break;
                case 1:
                    text.insert(at, 1, alphabet[rng() % alphabet.size()]);
                    break;
                case 2:
                    text[at] = alphabet[rng() % alphabet.size()];
                    break;
                case 3:
                    text.insert(at, tokens[rng() % tokens.size()]);
                    break;
                case 4:
                    text = text.substr(0, at);
                    break;
            }
        }
        try {
            const Query q = parse_query(text);
            // Whatever parses must print and parse back the same.
            const std::string once = to_string(q);
            INFO(text);
            CHECK(to_string(parse_query(once)) == once);
            ++parsed;
        } catch (const QueryError& e) {
            INFO(text << "\n" << e.what());
            // Never a compiler-mangled parser name.
            CHECK(e.problem().find("boost") == std::string::npos);
            CHECK(e.problem().find("x3") == std::string::npos);
            CHECK(e.problem().find("valid syntax") == std::string::npos);
            CHECK(e.offset() <= text.size());
            ++rejected;
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO("parsed " << parsed << ", rejected " << rejected << " in " << seconds << " s");
    CHECK(parsed + rejected == 3000);
    CHECK(seconds < 60);
}

TEST_CASE("Gherkin feature files: scenarios, outlines, steps", "[query]") {
    const std::string text = R"(#encoding: utf-8
Feature: Demo

  Background:
    Given any graph

  Scenario: [1] Plain
    Given an empty graph
    And having executed:
      """
      CREATE (:A {name: 'a|b'})
      """
    And parameters are:
      | id | 1 |
    When executing query:
      """
      MATCH (n)
        RETURN n
      """
    Then the result should be, in any order:
      | n              |
      | (:A {name: 'a\|b'}) |
    And no side effects

  @skip
  Scenario Outline: [2] Outline <what>
    Given the binary-tree-1 graph
    When executing query:
      """
      RETURN <expr> AS x
      """
    Then a SyntaxError should be raised at compile time: <detail>

    Examples:
      | what | expr | detail          |
      | one  | 1 +  | UnexpectedSyntax |
      | two  | [    | UnexpectedSyntax |

  Scenario: [3] Inline
    When executing query: WITH [0] AS expr, 'x' AS idx RETURN expr[idx]
    Then a TypeError should be raised at runtime: ListElementAccessByNonInteger
    And the side effects should be:
      | +nodes | 1 |
)";
    const tck::Feature f = tck::parse_feature(text, "demo.feature");
    CHECK(f.name == "Demo");
    REQUIRE(f.scenarios.size() == 4);

    const tck::Scenario& plain = f.scenarios[0];
    CHECK(plain.name == "[1] Plain");
    REQUIRE(plain.steps.size() == 7);
    CHECK(plain.steps[0].kind == tck::StepKind::AnyGraph);  // from the Background
    CHECK(plain.steps[1].kind == tck::StepKind::EmptyGraph);
    CHECK(plain.steps[2].kind == tck::StepKind::HavingExecuted);
    CHECK(plain.steps[2].argument == "CREATE (:A {name: 'a|b'})");
    CHECK(plain.steps[3].kind == tck::StepKind::Parameters);
    CHECK(plain.steps[3].table == tck::Table{{"id", "1"}});
    CHECK(plain.steps[4].kind == tck::StepKind::ExecutingQuery);
    CHECK(plain.steps[4].argument == "MATCH (n)\n  RETURN n");
    CHECK(plain.steps[5].kind == tck::StepKind::ResultAnyOrder);
    CHECK(plain.steps[5].table == tck::Table{{"n"}, {"(:A {name: 'a|b'})"}});
    CHECK(plain.steps[6].kind == tck::StepKind::NoSideEffects);

    const tck::Scenario& outline = f.scenarios[1];
    CHECK(outline.name == "[2] Outline one (example 1)");
    CHECK(outline.tags == std::vector<std::string>{"@skip"});
    CHECK(outline.steps[1].kind == tck::StepKind::NamedGraph);
    CHECK(outline.steps[1].graph == "binary-tree-1");
    CHECK(outline.steps[2].argument == "RETURN 1 + AS x");
    CHECK(outline.steps[3].kind == tck::StepKind::Error);
    CHECK(outline.steps[3].error.type == "SyntaxError");
    CHECK(outline.steps[3].error.phase == "compile time");
    CHECK(outline.steps[3].error.detail == "UnexpectedSyntax");
    CHECK(f.scenarios[2].steps[2].argument == "RETURN [ AS x");

    const tck::Scenario& inline_query = f.scenarios[3];
    CHECK(inline_query.steps[1].argument == "WITH [0] AS expr, 'x' AS idx RETURN expr[idx]");
    CHECK(inline_query.steps[2].error.type == "TypeError");
    CHECK(inline_query.steps[2].error.phase == "runtime");
    CHECK(inline_query.steps[3].kind == tck::StepKind::SideEffects);

    CHECK_THROWS_AS(
        tck::parse_feature(
            "Feature: x\n  Scenario: y\n    When executing query:\n      \"\"\"\n      RETURN 1\n",
            "bad.feature"),
        kg::Error);
}

TEST_CASE("the openCypher TCK's queries parse", "[query][tck]") {
    const auto features = tck_features();
    if (!std::filesystem::exists(features)) {
        WARN("skipped: " << features << " is absent");
        return;
    }
    std::size_t scenarios = 0, queries = 0, parsed = 0;
    std::size_t syntax_error_queries = 0, syntax_error_rejected = 0;
    std::vector<std::string> failures;
    std::map<std::string, std::pair<int, int>> by_detail;  // rejected, total
    for (const auto& file : tck::find_feature_files(features)) {
        for (const auto& scenario : tck::read_feature(file).scenarios) {
            ++scenarios;
            bool expects_syntax_error = false;
            std::string detail;
            for (const auto& step : scenario.steps)
                if (step.kind == tck::StepKind::Error && step.error.type == "SyntaxError" &&
                    step.error.phase == "compile time") {
                    expects_syntax_error = true;
                    detail = step.error.detail;
                }
            for (const auto& step : scenario.steps) {
                REQUIRE(step.kind != tck::StepKind::Unknown);
                const bool query = step.kind == tck::StepKind::ExecutingQuery;
                if (!query && step.kind != tck::StepKind::HavingExecuted &&
                    step.kind != tck::StepKind::ControlQuery)
                    continue;
                bool ok = true;
                std::string message;
                try {
                    parse_query(step.argument);
                } catch (const QueryError& e) {
                    ok = false;
                    message = e.what();
                }
                if (query && expects_syntax_error) {
                    // Many of these are semantic errors (the evaluator's job); count
                    // the ones the grammar already rejects.
                    ++syntax_error_queries;
                    syntax_error_rejected += ok ? 0 : 1;
                    by_detail[detail].first += ok ? 0 : 1;
                    ++by_detail[detail].second;
                    continue;
                }
                ++queries;
                if (ok) {
                    ++parsed;
                } else {
                    failures.push_back(file.filename().string() + " " + scenario.name + "\n" +
                                       message);
                }
            }
        }
    }
    for (const auto& f : failures) WARN(f);
    std::string breakdown;
    for (const auto& [detail, counts] : by_detail)
        breakdown += "\n  " + detail + ": " + std::to_string(counts.first) + " of " +
                     std::to_string(counts.second);
    WARN("TCK: " << scenarios << " scenarios; " << parsed << " of " << queries
                 << " queries expected to be valid parse; " << syntax_error_rejected << " of "
                 << syntax_error_queries << " expected SyntaxErrors are rejected by the grammar"
                 << breakdown);
    CHECK(scenarios >= 300);
    CHECK(queries >= 500);
    CHECK(parsed == queries);  // measured: all of them
}
