#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "kg/error.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/jsonld.hpp"
#include "kg/export/render.hpp"
#include "kg/process.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A name with every character class the writers must escape or pass through.
const std::string kTrickyName = "Say \"Hi\" \\ Caf\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC";  // Café 東京

using kg::test::date;
using kg::test::entity;
using kg::test::fact;
using kg::test::money;
using kg::test::source;

kg::GraphSnapshot sample() {
    kg::GraphSnapshot g;
    auto microsoft = entity(1, "Microsoft", kg::EntityType::Organization);
    microsoft.aliases = {"Microsoft Corp."};
    auto openai = entity(2, "OpenAI", kg::EntityType::Organization);
    auto google = entity(3, "Google", kg::EntityType::Organization);
    auto tricky = entity(4, kTrickyName, kg::EntityType::Person);
    g.entities = {microsoft, openai, google, tricky};

    auto invested = fact(1, microsoft, "invested-in", openai);
    invested.qualifiers["amount"] = money(1e9);
    invested.qualifiers["date"] = date("2019");
    invested.provenance = {
        source("https://example.com/news/1", "Microsoft invested $1 billion in OpenAI in 2019.")};

    kg::Fact valued;
    valued.id = 2;
    valued.subject = openai.id;
    valued.subject_name = openai.name;
    valued.relation = "valued-at";
    valued.object_value = money(150e9);
    valued.object_name = "$150B";
    valued.confidence = 0.8;
    valued.provenance = {source("https://example.com/news/2", "OpenAI is valued at $150 billion.")};

    auto denied = fact(3, google, "acquired", openai);
    denied.negated = true;
    denied.provenance = {source("https://example.com/news/3", "Google did not acquire OpenAI.")};

    auto weak = fact(4, tricky, "works-for", microsoft);
    weak.confidence = 0.3;

    g.facts = {invested, valued, denied, weak};
    return g;
}

std::string dot_of(const kg::GraphSnapshot& g) {
    std::ostringstream out;
    kg::write_dot(g, out);
    return out.str();
}

std::string jsonld_of(const kg::GraphSnapshot& g) {
    std::ostringstream out;
    kg::write_jsonld(g, out);
    return out.str();
}

kg::GraphSnapshot shuffled(kg::GraphSnapshot g) {
    std::mt19937 rng(42);
    std::shuffle(g.entities.begin(), g.entities.end(), rng);
    std::shuffle(g.facts.begin(), g.facts.end(), rng);
    return g;
}

bool dot_installed() {
    return kg::run_process({"dot", "-V"}).started();
}

// The line of `text` containing `needle` (empty when there is none).
std::string line_with(const std::string& text, const std::string& needle) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.find(needle) != std::string::npos) return line;
    }
    return {};
}

// Temp file removed on scope exit.
struct TempFile {
    fs::path path;
    explicit TempFile(const std::string& suffix)
        : path(fs::temp_directory_path() /
               ("kg_export_test_" + std::to_string(::getpid()) + suffix)) {}
    ~TempFile() {
        std::error_code ec;
        fs::remove(path, ec);
    }
};

// Sets an environment variable for one scope.
struct ScopedEnv {
    std::string name;
    std::optional<std::string> old;
    ScopedEnv(std::string n, const char* value) : name(std::move(n)) {
        if (const char* v = std::getenv(name.c_str())) old = v;
        ::setenv(name.c_str(), value, 1);
    }
    ~ScopedEnv() {
        if (old) {
            ::setenv(name.c_str(), old->c_str(), 1);
        } else {
            ::unsetenv(name.c_str());
        }
    }
};

}  // namespace

TEST_CASE("dot_escape quotes, backslashes, newlines and bad UTF-8", "[export]") {
    CHECK(kg::dot_escape("plain") == "plain");
    CHECK(kg::dot_escape("a \"b\"") == "a \\\"b\\\"");
    CHECK(kg::dot_escape("C:\\N") == "C:\\\\N");  // not dot's \N (node name) macro
    CHECK(kg::dot_escape("two\nlines\r") == "two\\nlines");
    CHECK(kg::dot_escape("AT&T") == "AT&amp;T");
    CHECK(kg::dot_escape("Caf\xC3\xA9 \xE6\x9D\xB1") == "Caf\xC3\xA9 \xE6\x9D\xB1");
    CHECK(kg::dot_escape("bad\xC3(") == "bad\xEF\xBF\xBD(");
    CHECK(kg::dot_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    CHECK(kg::dot_escape("tab\there\x01") == "tab here");
}

TEST_CASE("write_dot draws entities, values and facts", "[export]") {
    const std::string dot = dot_of(sample());

    CHECK(dot.rfind("digraph kg {\n", 0) == 0);
    CHECK(dot.size() >= 2);
    CHECK(dot.substr(dot.size() - 2) == "}\n");
    CHECK(dot.find("charset=\"UTF-8\"") != std::string::npos);
    CHECK(dot.find("rankdir=LR") != std::string::npos);
    CHECK(dot.find("fontname=\"DejaVu Sans\"") != std::string::npos);

    // Every line has balanced (unescaped) quotes and the braces balance.
    std::istringstream lines(dot);
    int depth = 0;
    for (std::string line; std::getline(lines, line);) {
        int quotes = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\\') {
                ++i;
            } else if (line[i] == '"') {
                ++quotes;
            }
        }
        INFO(line);
        CHECK(quotes % 2 == 0);
        depth += static_cast<int>(std::count(line.begin(), line.end(), '{'));
        depth -= static_cast<int>(std::count(line.begin(), line.end(), '}'));
    }
    CHECK(depth == 0);

    CHECK(line_with(dot, "\"e1\" [").find("label=\"Microsoft\"") != std::string::npos);
    CHECK(line_with(dot, "\"e4\" [")
              .find("label=\"Say \\\"Hi\\\" \\\\ Caf\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC\"") !=
          std::string::npos);

    // The literal value is its own small node, and the edge goes there.
    std::string value_node = line_with(dot, "\"v2_0\" [");
    CHECK(value_node.find("label=\"$150B\"") != std::string::npos);
    CHECK(value_node.find("shape=note") != std::string::npos);
    CHECK(line_with(dot, "\"e2\" -> \"v2_0\"").find("label=\"valued-at\"") != std::string::npos);

    std::string invested = line_with(dot, "\"e1\" -> \"e2\"");
    CHECK(invested.find("label=\"invested-in ($1B, 2019)\"") != std::string::npos);
    CHECK(invested.find("style=") == std::string::npos);

    std::string denied = line_with(dot, "\"e3\" -> \"e2\"");
    CHECK(denied.find("label=\"not acquired\"") != std::string::npos);
    CHECK(denied.find("style=dashed") != std::string::npos);
    CHECK(denied.find("color=\"#c53030\"") != std::string::npos);

    CHECK(line_with(dot, "\"e4\" -> \"e1\"").find("style=dotted") != std::string::npos);

    // The tooltip counts sources, not the sentences they state the fact in.
    CHECK(invested.find("; 1 source\"") != std::string::npos);
    kg::GraphSnapshot twice = sample();
    twice.facts[0].provenance.push_back(
        source("https://example.com/news/1", "It was $1 billion, the companies said."));
    CHECK(line_with(dot_of(twice), "\"e1\" -> \"e2\"").find("; 1 source\"") != std::string::npos);
    twice.facts[0].provenance.push_back(source("https://example.com/news/9", "A billion."));
    CHECK(line_with(dot_of(twice), "\"e1\" -> \"e2\"").find("; 2 sources\"") != std::string::npos);
}

TEST_CASE("write_dot output is stable under input order", "[export]") {
    CHECK(dot_of(sample()) == dot_of(shuffled(sample())));
}

TEST_CASE("write_dot gives a node to entities missing from the snapshot", "[export]") {
    kg::GraphSnapshot g = sample();
    g.entities.erase(g.entities.begin() + 2);  // Google, subject of fact 3
    const std::string dot = dot_of(g);
    CHECK(line_with(dot, "\"e3\" [").find("label=\"Google\"") != std::string::npos);
}

TEST_CASE("render_graphviz turns DOT into SVG and PNG", "[export]") {
    if (!dot_installed()) {
        WARN("skipping: the 'dot' program (Debian package graphviz) is not installed");
        return;
    }
    const std::string svg = kg::render_graphviz(dot_of(sample()), "svg");
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.find(">Microsoft</text>") != std::string::npos);
    CHECK(svg.find("invested&#45;in ($1B, 2019)") != std::string::npos);
    CHECK(svg.find("$150B") != std::string::npos);
    CHECK(svg.find("Say &quot;Hi&quot; \\ Caf\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC") !=
          std::string::npos);

    const std::string png = kg::render_graphviz(dot_of(sample()), "png");
    CHECK(png.rfind("\x89PNG", 0) == 0);
}

TEST_CASE("render_graphviz explains its failures in one line", "[export]") {
    CHECK_THROWS_WITH(kg::render_graphviz("digraph {}", "gif"),
                      Catch::Contains("supported formats are svg and png"));
    {
        ScopedEnv path("PATH", "/kg-nonexistent-dir");
        CHECK_THROWS_WITH(
            kg::render_graphviz("digraph {}", "svg"),
            "kg: cannot render svg: the 'dot' program (Debian package graphviz) was not found");
    }
    if (!dot_installed()) {
        WARN("skipping dot failure check: the 'dot' program is not installed");
        return;
    }
    try {
        kg::render_graphviz("digraph { a -> }", "svg");
        FAIL("bad DOT was rendered");
    } catch (const kg::Error& e) {
        std::string msg = e.what();
        CHECK(msg.rfind("kg: cannot render svg: dot failed: ", 0) == 0);
        CHECK(msg.find("syntax error") != std::string::npos);
        CHECK(msg.find('\n') == std::string::npos);
    }
}

TEST_CASE("write_jsonld produces self-contained JSON-LD", "[export]") {
    const std::string text = jsonld_of(sample());
    CHECK(text.find("\n  \"@graph\": [") != std::string::npos);  // 2-space indent
    const json doc = json::parse(text);

    REQUIRE(doc.at("@context").is_object());  // inline, never a URL
    const json& ctx = doc["@context"];
    CHECK(ctx.at("@version") == 1.1);
    CHECK(ctx.at("name") == "schema:name");  // expands to https://schema.org/name
    CHECK(ctx.at("schema") == "https://schema.org/");
    CHECK(ctx.at("rel") == "urn:kg:relation:");
    CHECK(ctx.at("Organization") == "schema:Organization");
    CHECK(ctx.at("Thing") == "schema:Thing");

    REQUIRE(doc.at("@graph").is_array());
    auto node = [&](const std::string& id) -> json {
        for (const json& n : doc["@graph"]) {
            if (n.value("@id", "") == id) return n;
        }
        FAIL("no node " << id);
        return {};
    };
    const json microsoft = node("urn:kg:entity:1");
    CHECK(microsoft.at("@type") == "Organization");
    CHECK(microsoft.at("name") == "Microsoft");
    CHECK(microsoft.at("alternateName") == json::array({"Microsoft Corp."}));
    CHECK(microsoft.at("rel:invested-in") == json{{"@id", "urn:kg:entity:2"}});
    CHECK(node("urn:kg:entity:4").at("name") == kTrickyName);
    CHECK(node("urn:kg:entity:4").at("@type") == "Person");

    // The negated fact is a statement only.
    CHECK_FALSE(node("urn:kg:entity:3").contains("rel:acquired"));
    const json denied = node("urn:kg:fact:3");
    CHECK(denied.at("@type") == "Statement");
    CHECK(denied.at("negated") == true);
    CHECK(denied.at("predicate") == "urn:kg:relation:acquired");

    const json invested = node("urn:kg:fact:1");
    CHECK(invested.at("negated") == false);
    CHECK(invested.at("subject") == "urn:kg:entity:1");
    CHECK(invested.at("object") == json{{"@id", "urn:kg:entity:2"}});
    CHECK(invested.at("q:date") == json{{"@value", "2019"}, {"@type", "xsd:gYear"}});
    const std::string billion = "urn:kg:value:money:USD:1000000000";
    CHECK(invested.at("q:amount") == json{{"@id", billion}});
    REQUIRE(invested.at("provenance").is_array());
    CHECK(invested["provenance"][0].at("source") == "https://example.com/news/1");
    CHECK(invested["provenance"][0].at("spanBegin") == 10);

    const json amount = node(billion);
    CHECK(amount.at("@type") == "MonetaryAmount");
    CHECK(amount.at("value") == "1000000000");
    CHECK(amount.at("currency") == "USD");
    CHECK(node("urn:kg:entity:2").at("rel:valued-at") ==
          json{{"@id", "urn:kg:value:money:USD:150000000000"}});
    CHECK(node("urn:kg:value:money:USD:150000000000").at("name") == "$150B");

    CHECK(text == jsonld_of(shuffled(sample())));
}

TEST_CASE("write_jsonld expands to the expected RDF with a real JSON-LD processor", "[export]") {
    // Debian's python3 with python3-pyld; the python on PATH may be another one.
    const std::string python = "/usr/bin/python3";
    if (!fs::exists(python)) {
        WARN("skipping: " << python << " not found (install python3 and python3-pyld)");
        return;
    }
    TempFile file(".jsonld");
    {
        std::ofstream out(file.path, std::ios::binary);
        kg::write_jsonld(sample(), out);
    }
    const std::string script = std::string(KG_SOURCE_DIR) + "/tests/jsonld_check.py";
    kg::RunResult run = kg::run_process({python, script, file.path.string()});
    REQUIRE(run.started());
    if (run.exit_status == 3) {
        WARN("skipping: pyld is not installed for " << python << " (Debian package python3-pyld)");
        return;
    }
    INFO("stderr: " << run.err);
    REQUIRE(run.exit_status == 0);
    const std::string& nq = run.out;
    INFO("N-Quads:\n" << nq);

    auto has = [&](const std::string& quad) { return nq.find(quad + " .\n") != std::string::npos; };
    const std::string rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    const std::string xsd = "http://www.w3.org/2001/XMLSchema#";

    CHECK(has("<urn:kg:entity:1> <urn:kg:relation:invested-in> <urn:kg:entity:2>"));
    CHECK(has("<urn:kg:entity:1> <https://schema.org/name> \"Microsoft\""));
    CHECK(has("<urn:kg:entity:1> <" + rdf + "type> <https://schema.org/Organization>"));
    CHECK(
        has("<urn:kg:entity:4> <https://schema.org/name> \"Say \\\"Hi\\\" \\\\ Caf\xC3\xA9 "
            "\xE6\x9D\xB1\xE4\xBA\xAC\""));
    CHECK(
        has("<urn:kg:entity:2> <urn:kg:relation:valued-at> <urn:kg:value:money:USD:150000000000>"));
    CHECK(
        has("<urn:kg:value:money:USD:150000000000> <https://schema.org/value> \"150000000000\"^^<" +
            xsd + "decimal>"));
    CHECK(has("<urn:kg:value:money:USD:150000000000> <https://schema.org/currency> \"USD\""));

    // The statement behind the invested-in triple, with its qualifiers and source.
    CHECK(has("<urn:kg:fact:1> <" + rdf + "type> <" + rdf + "Statement>"));
    CHECK(has("<urn:kg:fact:1> <" + rdf + "subject> <urn:kg:entity:1>"));
    CHECK(has("<urn:kg:fact:1> <" + rdf + "predicate> <urn:kg:relation:invested-in>"));
    CHECK(has("<urn:kg:fact:1> <" + rdf + "object> <urn:kg:entity:2>"));
    CHECK(has("<urn:kg:fact:1> <urn:kg:qualifier:date> \"2019\"^^<" + xsd + "gYear>"));
    CHECK(has("<urn:kg:fact:1> <urn:kg:qualifier:amount> <urn:kg:value:money:USD:1000000000>"));
    CHECK(has("<urn:kg:fact:1> <urn:kg:vocab:negated> \"false\"^^<" + xsd + "boolean>"));
    CHECK(nq.find("<urn:kg:fact:1> <urn:kg:vocab:provenance> _:") != std::string::npos);
    CHECK(nq.find("<urn:kg:vocab:source> \"https://example.com/news/1\"^^<" + xsd +
                  "anyURI> .\n") != std::string::npos);
    CHECK(nq.find(
              "<urn:kg:vocab:sentence> \"Microsoft invested $1 billion in OpenAI in 2019.\" .\n") !=
          std::string::npos);

    // Negated: recorded as a statement, never asserted.
    CHECK(nq.find("<urn:kg:relation:acquired> <urn:kg:entity:2>") == std::string::npos);
    CHECK(has("<urn:kg:fact:3> <" + rdf + "predicate> <urn:kg:relation:acquired>"));
    CHECK(has("<urn:kg:fact:3> <urn:kg:vocab:negated> \"true\"^^<" + xsd + "boolean>"));
}

TEST_CASE("write_jsonld encodes bounds, percents and date precision", "[export]") {
    kg::GraphSnapshot g;
    auto openai = entity(2, "OpenAI", kg::EntityType::Organization);
    g.entities = {openai};
    auto value_fact = [&](kg::FactId id, std::string relation, kg::Value v) {
        kg::Fact f;
        f.id = id;
        f.subject = openai.id;
        f.subject_name = openai.name;
        f.relation = std::move(relation);
        f.object_name = v.display();
        f.object_value = std::move(v);
        return f;
    };
    kg::Value over = money(150e9);
    over.bound = kg::Bound::AtLeast;
    kg::Value growth;
    growth.kind = kg::ValueKind::Percent;
    growth.amount = 2.5;
    growth.bound = kg::Bound::About;
    g.facts = {value_fact(1, "valued-at", over), value_fact(2, "grew-by", growth),
               value_fact(3, "founded", date("2015-12")),
               value_fact(4, "launched", date("2022-11-30")),
               value_fact(5, "founded", date("2015-12"))};  // same triple again: asserted once

    const json doc = json::parse(jsonld_of(g));
    std::map<std::string, json> nodes;
    for (const json& n : doc.at("@graph")) nodes[n.at("@id")] = n;

    const json& minimum = nodes.at("urn:kg:value:money:USD:150000000000:atleast");
    CHECK(minimum.at("minValue") == "150000000000");
    CHECK_FALSE(minimum.contains("value"));
    const json& percent = nodes.at("urn:kg:value:percent:2.5:about");
    CHECK(percent.at("@type") == "QuantitativeValue");
    CHECK(percent.at("value") == "2.5");
    CHECK(percent.at("unitCode") == "P1");
    CHECK(percent.at("bound") == "about");

    const json& subject = nodes.at("urn:kg:entity:2");
    CHECK(subject.at("rel:founded") == json{{"@value", "2015-12"}, {"@type", "xsd:gYearMonth"}});
    CHECK(subject.at("rel:launched") == json{{"@value", "2022-11-30"}, {"@type", "xsd:date"}});
    CHECK(nodes.count("urn:kg:fact:5") == 1);  // but both statements are kept
}
