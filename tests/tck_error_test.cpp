// Error classes for the openCypher TCK: what kind of error kg raises for a
// bad query (type and detail code), how kg-tck compares it with a
// scenario's expectation, and kg-tck's guards (skips, crashes, hangs).
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "kg/query/engine.hpp"
#include "kg/query/parser.hpp"
#include "kg/query/semantic_check.hpp"
#include "kg/query/tck_feature.hpp"
#include "support.hpp"

using namespace kg::query;

namespace {

QueryErrorClass class_of(const std::string& text, MemoryGraph& graph,
                         const Parameters& params = {}) {
    try {
        execute(text, graph, params);
    } catch (const QueryError& e) {
        return e.error_class();
    }
    FAIL("expected a QueryError for: " << text);
    return {};
}

QueryErrorClass class_of(const std::string& text) {
    MemoryGraph graph;
    return class_of(text, graph);
}

}  // namespace

TEST_CASE("query errors say which openCypher error they are", "[query][tck]") {
    struct Case {
        const char* query;
        const char* detail;
    };
    const Case cases[] = {
        {"MATCH (a) RETURN b", "UndefinedVariable"},
        {"MATCH (a)-[r]->(b) MATCH (r) RETURN r", "VariableTypeConflict"},
        {"MATCH (a) CREATE (a {x: 1})", "VariableAlreadyBound"},
        {"MATCH (a)-[r]->()-[r]->() RETURN r", "RelationshipUniquenessViolation"},
        {"RETURN foo(1)", "UnknownFunction"},
        {"RETURN count(count(1))", "NestedAggregation"},
        {"RETURN 1 AS a, 2 AS a", "ColumnNameConflict"},
        {"RETURN *", "NoVariablesInScope"},
        {"MATCH (n $p) RETURN n", "InvalidParameterUse"},
        {"CREATE ()-[:A|B]->()", "NoSingleRelationshipType"},
        {"CREATE ()-[:A]-()", "RequiresDirectedRelationship"},
        {"CREATE ()-[:A*]->()", "CreatingVarLength"},
        {"MATCH (n) RETURN n SKIP n.x", "NonConstantExpression"},
        {"RETURN count(rand())", "NonConstantExpression"},
        {"RETURN 1 LIMIT -1", "NegativeIntegerArgument"},
        {"RETURN 1 LIMIT 1.5", "InvalidArgumentType"},
        {"MATCH (a)--(b) RETURN a.x + count(b.x)", "AmbiguousAggregationExpression"},
    };
    for (const auto& c : cases) {
        INFO(c.query);
        const QueryErrorClass e = class_of(c.query);
        CHECK(e.type == QueryErrorType::SyntaxError);
        CHECK(e.detail == c.detail);
    }
    // A parse error is a SyntaxError; which one, the parser does not say.
    const QueryErrorClass parse = class_of("MATCH (n RETURN n");
    CHECK(parse.type == QueryErrorType::SyntaxError);
    CHECK(parse.detail.empty());
    CHECK(to_string(QueryErrorType::EntityNotFound) == "EntityNotFound");
}

TEST_CASE("grouping keys may appear beside an aggregate", "[query][tck]") {
    MemoryGraph graph;
    CHECK_NOTHROW(execute("MATCH (a) RETURN a, a.x + count(*)", graph));
    CHECK_NOTHROW(execute("MATCH (a) RETURN a.x, a.x + count(*) AS n", graph));
    CHECK_NOTHROW(execute("MATCH (a) RETURN $p + count(*) AS n", graph, {{"p", Value::of_int(1)}}));
    CHECK_NOTHROW(execute("MATCH (a) WITH a.x AS k, count(*) AS n RETURN k, n", graph));
}

TEST_CASE("runtime errors are classified where the evaluator finds them", "[query][tck]") {
    MemoryGraph graph;
    graph.add_node({"A"}, Value::empty_map());
    const QueryErrorClass deleted = class_of("MATCH (n) DELETE n RETURN n.x", graph);
    CHECK(deleted.type == QueryErrorType::EntityNotFound);
    CHECK(deleted.detail == "DeletedEntityAccess");

    MemoryGraph empty;
    const QueryErrorClass negative =
        class_of("RETURN 1 SKIP $n", empty, {{"n", Value::of_int(-1)}});
    CHECK(negative.detail == "NegativeIntegerArgument");
    const QueryErrorClass fractional =
        class_of("RETURN 1 LIMIT $n", empty, {{"n", Value::of_float(1.5)}});
    CHECK(fractional.detail == "InvalidArgumentType");
}

TEST_CASE("kg-tck compares expected errors by phase, type and detail", "[query][tck]") {
    const tck::ExpectedError expected{"SyntaxError", "compile time", "UndefinedVariable"};
    const QueryErrorClass same{QueryErrorType::SyntaxError, "UndefinedVariable"};
    CHECK(tck::compare_error(expected, true, same).match == tck::ErrorMatch::Strict);
    CHECK(tck::compare_error(expected, true, {QueryErrorType::SyntaxError, ""}).match ==
          tck::ErrorMatch::TypeOnly);
    CHECK(tck::compare_error(expected, true, {}).match == tck::ErrorMatch::Loose);

    const auto other_detail =
        tck::compare_error(expected, true, {QueryErrorType::SyntaxError, "VariableTypeConflict"});
    CHECK(other_detail.match == tck::ErrorMatch::Mismatch);
    CHECK(other_detail.why ==
          "expected SyntaxError: UndefinedVariable, got SyntaxError: VariableTypeConflict");
    const auto other_type =
        tck::compare_error(expected, true, {QueryErrorType::TypeError, "UndefinedVariable"});
    CHECK(other_type.why == "expected SyntaxError, got TypeError");
    // Too late: a compile-time error must not wait for the query to run.
    CHECK(tck::compare_error(expected, false, same).match == tck::ErrorMatch::Mismatch);
    // Early is fine: a runtime error kg finds before running still counts.
    const tck::ExpectedError at_runtime{"SyntaxError", "runtime", "UndefinedVariable"};
    CHECK(tck::compare_error(at_runtime, true, same).match == tck::ErrorMatch::Strict);
}

TEST_CASE("kg-tck reports passes, failures, skips and hung scenarios", "[query][tck]") {
    const auto runner = std::filesystem::path(KG_BINARY).parent_path() / "kg-tck";
    if (!std::filesystem::exists(runner)) {
        WARN("skipping: " << runner << " is not built (cmake --build BUILD --target kg-tck)");
        return;
    }
    kg::test::TempDir dir;
    kg::test::write_file(dir.file("Sample.feature"), R"(Feature: Sample

  Scenario: [1] passes
    Given an empty graph
    When executing query:
      """
      RETURN 1 AS x
      """
    Then the result should be, in any order:
      | x |
      | 1 |

  Scenario: [2] right error type, wrong detail
    Given any graph
    When executing query:
      """
      RETURN missing
      """
    Then a SyntaxError should be raised at compile time: VariableTypeConflict

  Scenario: [3] needs a procedure
    Given any graph
    When executing query:
      """
      CALL db.labels() YIELD label RETURN label
      """
    Then the result should be empty

  Scenario: [4] runs too long
    Given an empty graph
    When executing query:
      """
      UNWIND range(1, 100000) AS x
      WITH collect(x) AS l
      UNWIND range(1, 100000) AS y
      RETURN sum(size([v IN l WHERE v > y])) AS s
      """
    Then the result should be empty
)");
    const auto r = kg::run_process({runner.string(), "--timeout", "1", dir.path().string()});
    REQUIRE(r.started());
    CHECK(r.exit_status == 1);
    CHECK(kg::test::contains(r.out, "PASS Sample: [1] passes"));
    CHECK(kg::test::contains(r.out, "FAIL Sample: [2] right error type, wrong detail"));
    CHECK(kg::test::contains(
        r.err, "expected SyntaxError: VariableTypeConflict, got SyntaxError: UndefinedVariable"));
    CHECK(kg::test::contains(r.out, "SKIP Sample: [3] needs a procedure"));
    CHECK(kg::test::contains(r.err, "uses CALL"));
    CHECK(kg::test::contains(r.out, "FAIL Sample: [4] runs too long"));
    CHECK(kg::test::contains(r.err, "hung: no result after 1 s"));
    CHECK(kg::test::contains(r.out, "\n1 passed, 2 failed, 1 skipped\n"));
}
