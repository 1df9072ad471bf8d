// The planner (start from the most selective node, split a pattern at its
// anchor), the store-backed graph that loads only what a query touches, and
// the helpers of `kg query`: parameters and "did you mean".
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "kg/extract/extractor.hpp"
#include "kg/graph/store.hpp"
#include "kg/query/engine.hpp"
#include "kg/query/parameters.hpp"
#include "kg/query/schema_hints.hpp"
#include "kg/query/store_graph.hpp"
#include "kg/source/document.hpp"
#include "support.hpp"

using namespace kg::query;

namespace {

// A chain a0 -> a1 -> ... -> a9 of :Step nodes plus a side branch.
MemoryGraph chain() {
    MemoryGraph g;
    std::string q = "CREATE ";
    for (int i = 0; i < 10; ++i)
        q += "(a" + std::to_string(i) + ":Step {name: 'a" + std::to_string(i) + "'}), ";
    for (int i = 0; i < 9; ++i)
        q += "(a" + std::to_string(i) + ")-[:NEXT]->(a" + std::to_string(i + 1) + "), ";
    q += "(a5)-[:SIDE]->(:Leaf {name: 'leaf'})";
    execute(q, g);
    return g;
}

std::vector<std::string> column(const QueryResult& r, std::size_t c = 0) {
    std::vector<std::string> out;
    for (const auto& row : r.rows)
        out.push_back(row[c].kind == Value::Kind::String ? row[c].text
                                                         : std::to_string(row[c].integer));
    return out;
}

kg::Store imported_store(const kg::test::TempDir& dir) {
    std::string tsv;
    for (int i = 0; i < 50; ++i)
        tsv += "E" + std::to_string(i) + "\tinvested-in\tE" + std::to_string((i + 1) % 50) + "\n";
    tsv += "E1\tacquired\tE7\nE2\tacquired\tE8\n";
    kg::test::write_file(dir.file("g.tsv"), tsv);
    REQUIRE(kg::test::run_kg({"--graph", dir.file("g.db"), "import", "--tsv", dir.file("g.tsv")})
                .exit_status == 0);
    return kg::Store::open(dir.file("g.db"), kg::OpenMode::ReadOnly);
}

}  // namespace

TEST_CASE("a pattern anchored in its middle matches as written", "[query][planner]") {
    MemoryGraph g = chain();
    // Anchored on the name in the middle: walked both ways from a5.
    auto r = execute(
        "MATCH (x)-[:NEXT]->(y {name: 'a5'})-[:NEXT]->(z) RETURN x.name, y.name, z.name", g);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.columns == std::vector<std::string>{"x.name", "y.name", "z.name"});
    CHECK(column(r, 0) == std::vector<std::string>{"a4"});
    CHECK(column(r, 2) == std::vector<std::string>{"a6"});
    // Anonymous anchors stay invisible.
    auto star = execute("MATCH (x)-[:NEXT]->({name: 'a5'})-[:SIDE]->(l) RETURN *", g);
    CHECK(star.columns == std::vector<std::string>{"l", "x"});
    // Anchored at the end, against the arrows.
    CHECK(column(execute("MATCH (x)-[:NEXT*2]->({name: 'a3'}) RETURN x.name", g)) ==
          std::vector<std::string>{"a1"});
    // Relationships stay unique across the two halves.
    CHECK(execute("MATCH (x)-[r1]-({name: 'a5'})-[r2]-(z) RETURN count(*)", g).rows[0][0].integer ==
          6);
    // Parts joined by a variable, the selective one written second.
    CHECK(column(execute("MATCH (x:Step)-[:NEXT]->(y), (y {name: 'a9'}) RETURN x.name", g)) ==
          std::vector<std::string>{"a8"});
}

TEST_CASE("the name index follows CREATE and SET", "[query][planner]") {
    MemoryGraph g = chain();
    CHECK(execute("MATCH (n {name: 'a2'}) RETURN count(*)", g).rows[0][0].integer == 1);
    execute("MATCH (n {name: 'a2'}) SET n.name = 'renamed'", g);
    CHECK(execute("MATCH (n {name: 'a2'}) RETURN count(*)", g).rows[0][0].integer == 0);
    CHECK(execute("MATCH (n {name: 'renamed'}) RETURN count(*)", g).rows[0][0].integer == 1);
    execute("CREATE (:Step {name: 'a2'})", g);
    CHECK(execute("MATCH (n:Step {name: 'a2'}) RETURN count(*)", g).rows[0][0].integer == 1);
}

TEST_CASE("a store-backed graph loads only what an anchored query touches", "[query][store]") {
    kg::test::TempDir dir;
    const kg::Store store = imported_store(dir);
    MemoryGraph g = memory_graph_from_store(store);
    auto r = execute("MATCH (x {name: $s})-[:invested-in]->(y)-[:acquired]->(z) RETURN z.name", g,
                     {{"s", Value::of_string("E0")}});
    CHECK(column(r) == std::vector<std::string>{"E7"});
    CHECK_FALSE(g.complete());
    CHECK(g.nodes.size() < 10);
    // Properties from the store: aliases and provenance.
    auto props = execute(
        "MATCH (x {name: 'E1'})-[r:acquired]->(z) RETURN x.aliases, r.sentences, r.confidence", g);
    REQUIRE(props.rows.size() == 1);
    CHECK(props.rows[0][0].kind == Value::Kind::List);
    REQUIRE(props.rows[0][1].list.size() == 1);
    CHECK(props.rows[0][1].list[0].text == "E1\tacquired\tE7");
    CHECK(props.rows[0][2].number == 1.0);
    // An unanchored pattern loads the whole graph, once.
    CHECK(execute("MATCH (a)-[:acquired]->(b) RETURN count(*)", g).rows[0][0].integer == 2);
    CHECK(g.complete());
    CHECK(g.nodes.size() == 50);
    CHECK(execute("MATCH ()-[r]->() RETURN count(r)", g).rows[0][0].integer == 52);
}

TEST_CASE("nodes a query creates are found by name and label in a store-backed graph",
          "[query][store]") {
    kg::test::TempDir dir;
    const kg::Store store = imported_store(dir);
    MemoryGraph g = memory_graph_from_store(store);
    execute("CREATE (:Organization {name: 'New Co'})-[:acquired]->(:Gadget {name: 'E3'})", g);
    // By name: the created node alone, and beside the stored one of the same name.
    CHECK(column(execute("MATCH (n {name: 'New Co'}) RETURN n.name", g)) ==
          std::vector<std::string>{"New Co"});
    CHECK(execute("MATCH (n {name: 'E3'}) RETURN count(n)", g).rows[0][0].integer == 2);
    CHECK(column(execute("MATCH (n:Gadget) RETURN n.name", g)) == std::vector<std::string>{"E3"});
    CHECK(column(execute("MATCH (a)-[:acquired]->(b {name: 'E3'}) RETURN a.name", g)) ==
          std::vector<std::string>{"New Co"});
    CHECK_FALSE(g.complete());
    // Within one query too.
    CHECK(column(execute("CREATE (:Thing {name: 'Fresh'}) WITH 1 AS one "
                         "MATCH (t:Thing {name: 'Fresh'}) RETURN t.name",
                         g)) == std::vector<std::string>{"Fresh"});
}

TEST_CASE("id(n) and id(r) are the store's ids, whatever order a query loads in",
          "[query][store]") {
    kg::test::TempDir dir;
    const kg::Store store = imported_store(dir);
    const auto e7 = store.find_entities("E7");
    REQUIRE(e7.size() == 1);
    // Two graphs that load E7 at different positions.
    MemoryGraph first = memory_graph_from_store(store);
    const auto direct = execute("MATCH (n {name: 'E7'}) RETURN id(n)", first);
    MemoryGraph second = memory_graph_from_store(store);
    const auto walked = execute(
        "MATCH (x {name: 'E3'})-[:invested-in*1..4]->(n {name: 'E7'}) RETURN id(n)", second);
    REQUIRE(direct.rows.size() == 1);
    REQUIRE(walked.rows.size() == 1);
    CHECK(direct.rows[0][0].integer == e7[0].id);
    CHECK(walked.rows[0][0].integer == e7[0].id);
    // A relationship's id is its fact's.
    const auto r = execute("MATCH ({name: 'E1'})-[r:acquired]->() RETURN id(r)", first);
    REQUIRE(r.rows.size() == 1);
    std::int64_t acquired = 0;
    for (const auto& f : store.facts_about(store.find_entities("E1")[0].id))
        if (f.relation == "acquired") acquired = f.id;
    CHECK(r.rows[0][0].integer == acquired);
    // A node that is not stored never takes a stored node's id.
    const auto created = execute("CREATE (n:Thing {name: 'New'}) RETURN id(n)", first);
    CHECK(created.rows[0][0].integer >= MemoryGraph::kUnstoredIds);
}

TEST_CASE("a stored confidence reads back as the number it was", "[query][store]") {
    kg::test::TempDir dir;
    {
        auto store = kg::Store::open(dir.file("c.db"));
        kg::Triple t;
        t.subject.text = "Nvidia";
        t.relation = "acquired";
        t.object.text = "Mellanox";
        t.confidence = 0.9;
        t.span_end = 1;
        kg::Document doc;
        doc.uri = "a.txt";
        doc.content_hash = "h";
        doc.text = "s";
        store.ingest(doc, {1, {t}}, "test");
    }
    const kg::Store store = kg::Store::open(dir.file("c.db"), kg::OpenMode::ReadOnly);
    MemoryGraph g = memory_graph_from_store(store);
    const auto r = execute("MATCH ({name: 'Nvidia'})-[r]->() RETURN r.confidence", g);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0][0].number == 0.9);  // not 0.8999999761581421, the float widened
}

TEST_CASE("WHERE n.name = ... anchors at the name index like {name: ...}", "[query][store]") {
    kg::test::TempDir dir;
    const kg::Store store = imported_store(dir);
    MemoryGraph g = memory_graph_from_store(store);
    auto r = execute(
        "MATCH (x)-[:invested-in]->(y) WHERE x.name = $s AND y.name <> 'E9' "
        "RETURN y.name",
        g, {{"s", Value::of_string("E4")}});
    CHECK(column(r) == std::vector<std::string>{"E5"});
    CHECK_FALSE(g.complete());  // no scan of every node
    CHECK(g.nodes.size() < 10);
    // The same answers as a scan would give, also written the other way round.
    MemoryGraph h = memory_graph_from_store(store);
    CHECK(column(execute("MATCH (x)-->(y) WHERE 'E1' = x.name RETURN y.name ORDER BY y.name", h)) ==
          std::vector<std::string>{"E2", "E7"});
    CHECK_FALSE(h.complete());
}

TEST_CASE("the same query on the store-backed graph and a complete copy", "[query][store]") {
    kg::test::TempDir dir;
    const kg::Store store = imported_store(dir);
    MemoryGraph lazy = memory_graph_from_store(store);
    MemoryGraph full = memory_graph_from_store(store);
    full.load_all();
    for (const char* q : {"MATCH (x {name: 'E3'})-->()-->(z) RETURN z.name",
                          "MATCH (x)<-[:invested-in]-(y {name: 'E9'}) RETURN x.name",
                          "MATCH (x {name: 'E2'})-[*1..3]->(z) RETURN z.name ORDER BY z.name",
                          "MATCH (x {name: 'E8'})<--(y)<--(z) RETURN z.name ORDER BY z.name"}) {
        INFO(q);
        CHECK(column(execute(q, lazy)) == column(execute(q, full)));
    }
}

TEST_CASE("parameter values from the command line: literals when they parse, else strings",
          "[query]") {
    CHECK(parameter_value("42").integer == 42);
    CHECK(parameter_value("-1.5").number == -1.5);
    CHECK(parameter_value("'Microsoft'").text == "Microsoft");
    CHECK(parameter_value("Microsoft").text == "Microsoft");
    CHECK(parameter_value("Microsoft Corp").text == "Microsoft Corp");
    CHECK(parameter_value("2019-03-05").text == "2019-03-05");  // not 2011
    // Zip codes and ids keep their digits (0123 is not the old octal 83).
    CHECK(parameter_value("0123").text == "0123");
    CHECK(parameter_value("02139").text == "02139");
    CHECK(parameter_value("0").integer == 0);
    CHECK(parameter_value("0.5").number == 0.5);
    CHECK(parameter_value("true").boolean);
    CHECK(parameter_value("null").is_null());
    const Value list = parameter_value("[1, 'a']");
    REQUIRE(list.list.size() == 2);
    CHECK(list.list[1].text == "a");
    CHECK(parse_parameter("$s=x").first == "s");
    CHECK_THROWS_AS(parse_parameter("=x"), kg::Error);
}

TEST_CASE("schema hints name the closest known label or type", "[query]") {
    MemoryGraph g = chain();
    auto hints = [&](const std::string& q) { return schema_hints(parse_query(q), q, g); };
    auto h = hints("MATCH (a:Stp)-[:NXT]->(b) RETURN a");
    REQUIRE(h.size() == 2);
    CHECK(h[0] == "unknown label `Stp` (line 1, column 10); did you mean `Step`?");
    CHECK(h[1] == "unknown relationship type `NXT` (line 1, column 17); did you mean `NEXT`?");
    CHECK(hints("MATCH (a:Step)-[:NEXT]->(b) RETURN a").empty());
    CHECK(hints("CREATE (a:Brandnew)").empty());
    CHECK(hints("MATCH (a:Zebra) RETURN a")[0] ==
          "unknown label `Zebra` (line 1, column 10); this graph has no such label");
    CHECK(edit_distance("acquired", "Aquired") == 1);
}

TEST_CASE("shortestPath and allShortestPaths search breadth-first", "[query][planner]") {
    MemoryGraph g;
    // Two shortest ways from s to t (via a or b), a longer one via c-d.
    execute(
        "CREATE (s {name: 's'}), (a {name: 'a'}), (b {name: 'b'}), (c {name: 'c'}),"
        " (d {name: 'd'}), (t {name: 't'}), (s)-[:R]->(a)-[:R]->(t), (s)-[:R]->(b)-[:R]->(t),"
        " (s)-[:R]->(c)-[:R]->(d)-[:R]->(t), (t)-[:R]->(s)",
        g);
    auto one = execute(
        "MATCH p = shortestPath(({name: 's'})-[:R*]->({name: 't'})) RETURN length(p), "
        "[n IN nodes(p) | n.name]",
        g);
    REQUIRE(one.rows.size() == 1);
    CHECK(one.rows[0][0].integer == 2);
    auto all = execute(
        "MATCH p = allShortestPaths((x {name: 's'})-[rs:R*]->(y {name: 't'})) "
        "RETURN [n IN nodes(p) | n.name] AS names, size(rs) ORDER BY names",
        g);
    REQUIRE(all.rows.size() == 2);
    CHECK(format_value(all.rows[0][0], g) == "['s', 'a', 't']");
    CHECK(format_value(all.rows[1][0], g) == "['s', 'b', 't']");
    CHECK(all.rows[1][1].integer == 2);
    // Against the arrows only the back edge leads from t to s.
    auto back =
        execute("MATCH p = shortestPath(({name: 's'})<-[*]-({name: 't'})) RETURN length(p)", g);
    REQUIRE(back.rows.size() == 1);
    CHECK(back.rows[0][0].integer == 1);
    // Bounded: nothing within one hop.
    CHECK(execute("MATCH p = shortestPath(({name: 's'})-[*..1]->({name: 't'})) RETURN p", g)
              .rows.empty());
    // Every node reachable, one shortest path each.
    CHECK(execute("MATCH p = shortestPath(({name: 's'})-[*]->(x)) RETURN count(*)", g)
              .rows[0][0]
              .integer == 5);
}

namespace {

// Microsoft acquired OpenAI, did not acquire Inflection, invested in Mistral.
kg::Store store_with_a_denial(const kg::test::TempDir& dir) {
    auto store = kg::Store::open(dir.file("denial.db"));
    kg::Document doc;
    doc.uri = "denial.txt";
    doc.content_hash = "denial";
    doc.text = "Microsoft acquired OpenAI. It did not acquire Inflection. It invested in Mistral.";
    kg::Extraction ex;
    for (const auto& [relation, object, negated] :
         {std::tuple{"acquired", "OpenAI", false}, std::tuple{"acquired", "Inflection", true},
          std::tuple{"invested-in", "Mistral", false}}) {
        kg::Triple t;
        t.subject.text = "Microsoft";
        t.subject.type = kg::EntityType::Organization;
        t.relation = relation;
        t.object.text = object;
        t.object.type = kg::EntityType::Organization;
        t.negated = negated;
        t.span_end = doc.text.size();
        ex.triples.push_back(t);
    }
    ex.sentences = 3;
    store.ingest(doc, ex, "test-1");
    return store;
}

}  // namespace

TEST_CASE("a denied fact is a not- relationship; a typed walk reads only its type",
          "[query][store]") {
    kg::test::TempDir dir;
    kg::Store store = store_with_a_denial(dir);
    MemoryGraph g = memory_graph_from_store(store);
    CHECK(column(execute("MATCH ({name: 'Microsoft'})-[:acquired]->(b) RETURN b.name", g)) ==
          std::vector<std::string>{"OpenAI"});
    // Only the asserted acquisition was read from the store.
    CHECK(g.relationships.size() == 1);
    auto denied = execute(
        "MATCH ({name: 'Microsoft'})-[r:not-acquired]->(b) RETURN b.name, r.negated, type(r)", g);
    REQUIRE(denied.rows.size() == 1);
    CHECK(denied.rows[0][0].text == "Inflection");
    CHECK(denied.rows[0][1].boolean);
    CHECK(denied.rows[0][2].text == "not-acquired");
    // An untyped walk reads the rest, without doubling what is there.
    CHECK(execute("MATCH ({name: 'Microsoft'})-->(b) RETURN count(*)", g).rows[0][0].integer == 3);
    CHECK(g.relationships.size() == 3);
    // Against the arrows, typed, from the other end.
    MemoryGraph backwards = memory_graph_from_store(store);
    CHECK(column(execute("MATCH (a)-[:not-acquired]->({name: 'Inflection'}) RETURN a.name",
                         backwards)) == std::vector<std::string>{"Microsoft"});
    // The schema knows the type, so no "did you mean".
    MemoryGraph fresh = memory_graph_from_store(store);
    CHECK(fresh.has_relationship_type("not-acquired"));
    CHECK_FALSE(fresh.has_relationship_type("not-invested-in"));
    const auto types = fresh.schema_relationship_types();
    CHECK(std::find(types.begin(), types.end(), "not-acquired") != types.end());

    // CREATE of a not- relationship stores a denial.
    MemoryGraph writable = memory_graph_from_store(store);
    const std::string create =
        "CREATE (:Organization {name: 'Contoso'})-[:not-acquired]->"
        "(:Organization {name: 'Fabrikam'})";
    execute(create, writable);
    REQUIRE(persist_created(writable, store, create).facts_added == 1);
    MemoryGraph reread = memory_graph_from_store(store);
    const auto stored =
        execute("MATCH ({name: 'Contoso'})-[r]->(b) RETURN type(r), r.negated, b.name", reread);
    REQUIRE(stored.rows.size() == 1);
    CHECK(stored.rows[0][0].text == "not-acquired");
    CHECK(stored.rows[0][1].boolean);
}

namespace {

// A source that never finishes loading: only the query's time limit ends it.
class EndlessLoader : public GraphLoader {
  public:
    void load_out(MemoryGraph&, NodeRef) override {}
    void load_in(MemoryGraph&, NodeRef) override {}
    void load_out_of_type(MemoryGraph&, NodeRef, const std::string&) override {}
    void load_in_of_type(MemoryGraph&, NodeRef, const std::string&) override {}
    void load_all(MemoryGraph& g) override {
        for (;;) {
            g.check_interrupt();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    std::vector<NodeRef> load_named(MemoryGraph&, const std::string&) override { return {}; }
    std::vector<NodeRef> load_labelled(MemoryGraph&, const std::string&) override { return {}; }
    void hydrate_node(MemoryGraph&, NodeRef) override {}
    void hydrate_relationship(MemoryGraph&, RelRef) override {}
    std::vector<std::string> labels() override { return {}; }
    std::vector<std::string> relationship_types() override { return {}; }
    bool has_relationship_type(const std::string&) override { return false; }
};

}  // namespace

TEST_CASE("the time limit also stops a query that is still loading the graph", "[query][store]") {
    MemoryGraph g(std::make_unique<EndlessLoader>());
    QueryLimits limits;
    limits.timeout = std::chrono::milliseconds(50);
    CHECK_THROWS_AS(execute("MATCH (n) RETURN count(*)", g, {}, limits), QueryTimeout);
    CHECK_FALSE(g.complete());
    g.check_interrupt();  // the query's check is gone with the query
}

TEST_CASE("a streaming RETURN with LIMIT stops matching once it has its rows", "[query][store]") {
    kg::test::TempDir dir;
    const kg::Store store = imported_store(dir);
    MemoryGraph g = memory_graph_from_store(store);
    // E0 -> E1 -> ... -> E49 -> E0: a walk of every length would read all 50.
    const auto r =
        execute("MATCH ({name: 'E0'})-[:invested-in*1..60]->(z) RETURN z.name SKIP 1 LIMIT 2", g);
    CHECK(column(r) == std::vector<std::string>{"E2", "E3"});
    CHECK(g.nodes.size() < 10);
    // Without LIMIT, the same walk goes round the cycle.
    CHECK(execute("MATCH ({name: 'E0'})-[:invested-in*1..60]->(z) RETURN count(*)", g)
              .rows[0][0]
              .integer == 50);
    CHECK(execute("MATCH (z) RETURN z.name LIMIT 0", g).rows.empty());
}

TEST_CASE("a whole-graph load cut short by the time limit leaves no duplicates behind",
          "[query][store]") {
    kg::test::TempDir dir;
    // 100 entities, 5,000 facts: the loader checks the clock every 4,096
    // rows, so a zero time limit stops it inside the facts.
    std::string tsv;
    for (int i = 0; i < 5000; ++i)
        tsv += "E" + std::to_string(i % 100) + "\tr" + std::to_string(i / 100) + "\tE" +
               std::to_string((i * 7 + 1) % 100) + "\n";
    kg::test::write_file(dir.file("many.tsv"), tsv);
    REQUIRE(
        kg::test::run_kg({"--graph", dir.file("many.db"), "import", "--tsv", dir.file("many.tsv")})
            .exit_status == 0);
    const kg::Store store = kg::Store::open(dir.file("many.db"), kg::OpenMode::ReadOnly);
    MemoryGraph g = memory_graph_from_store(store);
    QueryLimits none;
    none.timeout = std::chrono::milliseconds(0);
    CHECK_THROWS_AS(execute("MATCH (a)-->(b) RETURN count(*)", g, {}, none), QueryTimeout);
    CHECK_FALSE(g.complete());
    CHECK(g.relationships.size() > 0);
    // Walks after it load lazily again, and the scan resumes: each fact once.
    MemoryGraph fresh = memory_graph_from_store(store);
    const char* anchored = "MATCH ({name: 'E1'})-->(b) RETURN count(*)";
    CHECK(execute(anchored, g).rows[0][0].integer == execute(anchored, fresh).rows[0][0].integer);
    CHECK(execute("MATCH ()-->() RETURN count(*)", g).rows[0][0].integer == 5000);
    CHECK(g.relationships.size() == 5000);
}
