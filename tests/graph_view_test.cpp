#include <algorithm>
#include <boost/graph/graph_traits.hpp>
#include <catch2/catch.hpp>

#include "kg/graph/algorithms.hpp"
#include "kg/graph/store.hpp"
#include "kg/graph/view.hpp"
#include "kg/graph/view_boost.hpp"
#include "support.hpp"

namespace {

kg::Argument entity(const std::string& name) {
    kg::Argument a;
    a.text = name;
    a.type = kg::EntityType::Organization;
    return a;
}

kg::Triple fact(const std::string& s, const std::string& rel, const std::string& o,
                bool negated = false) {
    kg::Triple t;
    t.subject = entity(s);
    t.relation = rel;
    t.object = entity(o);
    t.negated = negated;
    t.confidence = 0.9;
    return t;
}

kg::Triple valued(const std::string& s, double amount) {
    kg::Triple t;
    t.subject = entity(s);
    t.relation = "valued-at";
    t.object.is_value = true;
    t.object.value.kind = kg::ValueKind::Money;
    t.object.value.amount = amount;
    t.object.value.currency = "USD";
    t.object.text = "$150 billion";
    return t;
}

kg::Store store_with(const kg::test::TempDir& dir, std::vector<kg::Triple> triples) {
    auto store = kg::Store::open(dir.file("g.db"));
    kg::Document doc;
    doc.uri = "test.txt";
    doc.content_hash = "hash";
    doc.text = "A sentence.";
    for (auto& t : triples) t.span_end = doc.text.size();
    store.ingest(doc, kg::Extraction{1, std::move(triples)}, "test-1");
    return store;
}

// Microsoft -> OpenAI <- Sam Altman, Microsoft -> GitHub, OpenAI -> $150B,
// Microsoft -x-> Anthropic (negated) <- Amazon, Foo -> Bar -> $150B, and a
// diamond A -> B -> D, A -> C -> D.
std::vector<kg::Triple> sample() {
    return {fact("Microsoft", "invested-in", "OpenAI"),
            fact("Microsoft", "acquired", "GitHub"),
            valued("OpenAI", 1.5e11),
            fact("Sam Altman", "ceo-of", "OpenAI"),
            fact("Microsoft", "invested-in", "Anthropic", true),
            fact("Amazon", "invested-in", "Anthropic"),
            fact("Foo", "partnered-with", "Bar"),
            valued("Bar", 1.5e11),
            fact("A", "owns", "B"),
            fact("A", "owns", "C"),
            fact("B", "supplies", "D"),
            fact("C", "supplies", "D")};
}

kg::VertexId vertex(const kg::GraphView& view, const std::string& name) {
    const auto found = view.find(name);
    REQUIRE(found.size() == 1);
    return found.front();
}

std::vector<std::string> names(const kg::GraphView& view, const kg::Path& p) {
    std::vector<std::string> out;
    for (const auto v : p.vertices) out.emplace_back(view.name(v));
    return out;
}

}  // namespace

TEST_CASE("graph view holds every entity, value, fact and relation", "[graph][view]") {
    kg::test::TempDir dir;
    const auto store = store_with(dir, sample());
    const auto view = kg::GraphView::build(store);

    CHECK(view.num_entities() == 12);
    CHECK(view.num_vertices() == 13);  // one vertex for the value both facts name
    CHECK(view.num_facts() == 12);
    CHECK(view.num_relations() == 7);
    REQUIRE(view.relation("invested-in"));
    CHECK(view.relation_name(*view.relation("invested-in")) == "invested-in");
    CHECK_FALSE(view.relation("sued"));

    const auto ms = vertex(view, "Microsoft Corp.");  // names meet by entity_key
    CHECK(view.name(ms) == "Microsoft");
    CHECK(view.entity_type(ms) == kg::EntityType::Organization);
    CHECK_FALSE(view.is_value(ms));
    CHECK(view.vertex_of(view.entity_id(ms)) == ms);
    CHECK(view.find("Nobody").empty());

    // Asserted out-edges first; the negated fact only with all = true.
    CHECK(view.out_edges(ms).size() == 2);
    REQUIRE(view.out_edges(ms, true).size() == 3);
    const auto& negated = view.fact(view.out_edges(ms, true)[2].fact);
    CHECK(negated.negated);
    CHECK(view.name(negated.object) == "Anthropic");

    const auto openai = vertex(view, "OpenAI");
    std::vector<std::string> investors;
    for (const auto& e : view.in_edges(openai)) {
        investors.emplace_back(view.name(e.neighbour));
        CHECK(view.fact(e.fact).object == openai);
        CHECK(e.relation == view.fact(e.fact).relation);
    }
    std::sort(investors.begin(), investors.end());
    CHECK(investors == std::vector<std::string>{"Microsoft", "Sam Altman"});

    // The value is a vertex: (OpenAI)-[:valued-at]->(v).
    REQUIRE(view.out_edges(openai).size() == 1);
    const auto value = view.out_edges(openai)[0].neighbour;
    CHECK(view.is_value(value));
    CHECK(view.value_kind(value) == kg::ValueKind::Money);
    CHECK(view.name(value) == "$150B");
    CHECK(view.entity_id(value) == 0);
    CHECK(view.in_edges(value).size() == 2);  // OpenAI and Bar share it
    CHECK(view.relation_name(view.out_edges(openai)[0].relation) == "valued-at");

    // Fact ids lead back to the store.
    const auto all = store.all_facts(false);
    for (kg::FactIndex f = 0; f < view.num_facts(); ++f) {
        const auto it = std::find_if(all.begin(), all.end(),
                                     [&](const kg::Fact& x) { return x.id == view.fact_id(f); });
        REQUIRE(it != all.end());
        CHECK(it->subject_name == view.name(view.fact(f).subject));
        CHECK(it->relation == view.relation_name(view.fact(f).relation));
    }
    CHECK(view.memory_bytes() > 0);
}

TEST_CASE("graph view is a Boost.Graph bidirectional graph", "[graph][view]") {
    kg::test::TempDir dir;
    const auto store = store_with(dir, sample());
    const auto view = kg::GraphView::build(store);
    const auto ms = vertex(view, "Microsoft");
    CHECK(out_degree(ms, view) == 2);
    std::size_t n = 0;
    for (auto [it, end] = out_edges(ms, view); it != end; ++it, ++n) CHECK(source(*it, view) == ms);
    CHECK(n == 2);
    const auto d = vertex(view, "D");
    for (auto [it, end] = in_edges(d, view); it != end; ++it) {
        CHECK(target(*it, view) == d);
        CHECK(view.name(source(*it, view)).size() == 1);  // B or C
    }
    CHECK(in_degree(d, view) == 2);
    const kg::UndirectedView both{&view};
    CHECK(out_degree(vertex(view, "OpenAI"), both) == 3);
    CHECK(num_vertices(both) == view.num_vertices());
    static_assert(std::is_same_v<boost::graph_traits<kg::GraphView>::directed_category,
                                 boost::bidirectional_tag>);
}

TEST_CASE("shortest paths: directed, undirected, all of them, never through negations or values",
          "[graph][paths]") {
    kg::test::TempDir dir;
    const auto store = store_with(dir, sample());
    const auto view = kg::GraphView::build(store);
    const auto sam = vertex(view, "Sam Altman"), github = vertex(view, "GitHub");

    CHECK(kg::shortest_paths(view, sam, github, 10, false).empty());
    const auto paths = kg::shortest_paths(view, sam, github, 10, true);
    REQUIRE(paths.size() == 1);
    CHECK(names(view, paths[0]) ==
          std::vector<std::string>{"Sam Altman", "OpenAI", "Microsoft", "GitHub"});
    REQUIRE(paths[0].steps.size() == 3);
    CHECK(paths[0].steps[0].forward);
    CHECK_FALSE(paths[0].steps[1].forward);  // OpenAI <-[invested-in]- Microsoft
    CHECK(view.relation_name(view.fact(paths[0].steps[1].fact).relation) == "invested-in");
    CHECK(paths[0].steps[2].forward);

    const auto a = vertex(view, "A"), d = vertex(view, "D");
    auto diamond = kg::shortest_paths(view, a, d, 10, false);
    REQUIRE(diamond.size() == 2);
    std::vector<std::string> middles{std::string(view.name(diamond[0].vertices[1])),
                                     std::string(view.name(diamond[1].vertices[1]))};
    std::sort(middles.begin(), middles.end());
    CHECK(middles == std::vector<std::string>{"B", "C"});
    CHECK(kg::shortest_paths(view, a, d, 1, false).size() == 1);
    CHECK(kg::shortest_paths(view, d, a, 10, false).empty());
    CHECK(kg::shortest_paths(view, d, a, 10, true).size() == 2);

    // Microsoft -x-> Anthropic is negated: no path, either way.
    const auto ms = vertex(view, "Microsoft"), anthropic = vertex(view, "Anthropic");
    CHECK(kg::shortest_paths(view, ms, anthropic, 10, true).empty());
    // Bar and OpenAI share only a value: no path through "$150B".
    CHECK(kg::shortest_paths(view, vertex(view, "Bar"), vertex(view, "OpenAI"), 10, true).empty());
    // A value can end a path.
    const auto value = view.out_edges(vertex(view, "OpenAI"))[0].neighbour;
    const auto to_value = kg::shortest_paths(view, ms, value, 10, false);
    REQUIRE(to_value.size() == 1);
    CHECK(to_value[0].steps.size() == 2);

    const auto self = kg::shortest_paths(view, ms, ms, 10, false);
    REQUIRE(self.size() == 1);
    CHECK(self[0].steps.empty());
}

TEST_CASE("neighbourhood: entities within N hops and the facts among them", "[graph][paths]") {
    kg::test::TempDir dir;
    const auto store = store_with(dir, sample());
    const auto view = kg::GraphView::build(store);
    const auto sam = vertex(view, "Sam Altman");

    const auto one = kg::neighbourhood(view, sam, 1);
    REQUIRE(one.vertices.size() == 2);
    CHECK(view.name(one.vertices[1]) == "OpenAI");
    CHECK(one.facts.size() == 1);

    const auto two = kg::neighbourhood(view, sam, 2);
    std::vector<std::string> found;
    for (std::size_t i = 0; i < two.vertices.size(); ++i)
        found.push_back(std::string(view.name(two.vertices[i])) + "@" +
                        std::to_string(two.depth[i]));
    std::sort(found.begin(), found.end());
    CHECK(found == std::vector<std::string>{"$150B@2", "Microsoft@2", "OpenAI@1", "Sam Altman@0"});
    CHECK(two.facts.size() == 3);  // ceo-of, invested-in, valued-at

    const auto three = kg::neighbourhood(view, sam, 3);
    // GitHub and (over the negated fact) Anthropic are facts-among only if both ends are in.
    CHECK(std::find(three.vertices.begin(), three.vertices.end(), vertex(view, "GitHub")) !=
          three.vertices.end());
    CHECK(std::find(three.vertices.begin(), three.vertices.end(), vertex(view, "Anthropic")) ==
          three.vertices.end());
    CHECK(std::find(three.vertices.begin(), three.vertices.end(), vertex(view, "Bar")) ==
          three.vertices.end());

    const auto capped = kg::neighbourhood(view, sam, 3, 2);
    CHECK(capped.vertices.size() == 2);
    CHECK(capped.truncated);
}

TEST_CASE("connected components count entities, not links through values or negations",
          "[graph][components]") {
    kg::test::TempDir dir;
    const auto store = store_with(dir, sample());
    const auto view = kg::GraphView::build(store);
    const auto c = kg::connected_components(view);
    CHECK(c.count == 4);
    CHECK(c.sizes == std::vector<std::size_t>{4, 4, 2, 2});
    CHECK(c.component[vertex(view, "Sam Altman")] == c.component[vertex(view, "GitHub")]);
    CHECK(c.component[vertex(view, "Microsoft")] != c.component[vertex(view, "Anthropic")]);
}

TEST_CASE("pagerank ranks the hub first", "[graph][centrality]") {
    kg::test::TempDir dir;
    std::vector<kg::Triple> star;
    for (int i = 0; i < 8; ++i)
        star.push_back(fact("Spoke " + std::to_string(i), "supplies", "Hub"));
    star.push_back(fact("Hub", "owns", "Spoke 0"));
    star.push_back(fact("Spoke 1", "owns", "Spoke 2"));
    const auto store = store_with(dir, star);
    const auto view = kg::GraphView::build(store);

    const auto rank = kg::pagerank(view);
    double sum = 0;
    for (const double r : rank) sum += r;
    CHECK(sum == Approx(1.0).epsilon(1e-6));

    const auto top = kg::top_central(view, 3);
    REQUIRE(top.size() == 3);
    CHECK(view.name(top[0].vertex) == "Hub");
    CHECK(view.name(top[1].vertex) == "Spoke 0");  // the hub's only out-link
    CHECK(top[0].score > top[1].score);
    CHECK(top[1].score >= top[2].score);
    CHECK(kg::top_central(view, 100).size() == view.num_entities());
}

TEST_CASE("an empty graph gives an empty view", "[graph][view]") {
    kg::test::TempDir dir;
    const auto store = kg::Store::open(dir.file("g.db"));
    const auto view = kg::GraphView::build(store);
    CHECK(view.num_vertices() == 0);
    CHECK(view.find("x").empty());
    CHECK(kg::connected_components(view).count == 0);
    CHECK(kg::top_central(view, 5).empty());
}
