// kg's property graph (kg/graph/property_graph.hpp) and the writers built
// on it: GraphML (read back with networkx, a real reader) and Neo4j CSV.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <nlohmann/json.hpp>

#include "kg/export/graphml.hpp"
#include "kg/export/neo4j_csv.hpp"
#include "kg/graph/property_graph.hpp"
#include "kg/process.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using kg::test::date;
using kg::test::entity;
using kg::test::fact;
using kg::test::money;
using kg::test::source;
using kg::test::value_fact;

// Names with what XML and CSV must escape: markup, quotes, a comma, a
// semicolon, a control character, a line break and an invalid byte.
const std::string kMarkup = "AT&T <\"Ma Bell\">";
const std::string kCsvHard = "Smith, \"Jr.\"; Co\x01\nLtd \xFF";

kg::GraphSnapshot sample() {
    kg::GraphSnapshot g;
    auto microsoft = entity(1, "Microsoft", kg::EntityType::Organization);
    microsoft.aliases = {"Microsoft Corp.", "MSFT"};
    auto openai = entity(2, "OpenAI", kg::EntityType::Organization);
    auto att = entity(3, kMarkup, kg::EntityType::Organization);
    auto smith = entity(4, kCsvHard, kg::EntityType::Person);
    g.entities = {microsoft, openai, att, smith};

    auto invested = fact(10, microsoft, "invested-in", openai);
    invested.qualifiers["amount"] = money(1e9);
    invested.qualifiers["date"] = date("2019");
    invested.provenance = {source("https://a.example/1", "Microsoft invested $1 billion."),
                           source("https://b.example/2", "Microsoft put $1B into OpenAI; again."),
                           source("https://a.example/1", "It invested in 2019.")};

    auto valued = value_fact(11, openai, "valued-at", money(150e9));
    auto valued_too = value_fact(12, att, "valued-at", money(150e9));  // the same value: one node

    auto denied = fact(13, att, "acquired", openai);
    denied.negated = true;
    denied.modality = "reported";

    const kg::Entity ghost = entity(99, "Ghost Corp", kg::EntityType::Organization);  // not in g
    auto works = fact(14, smith, "works-for", ghost);

    g.facts = {invested, valued, valued_too, denied, works};
    return g;
}

kg::GraphSnapshot shuffled(kg::GraphSnapshot g) {
    std::mt19937 rng(7);
    std::shuffle(g.entities.begin(), g.entities.end(), rng);
    std::shuffle(g.facts.begin(), g.facts.end(), rng);
    return g;
}

const kg::PropertyValue* find(const kg::Properties& props, const std::string& name) {
    for (const auto& [key, value] : props)
        if (key == name) return &value;
    return nullptr;
}

std::string graphml_of(const kg::GraphSnapshot& g) {
    std::ostringstream out;
    kg::write_graphml(g, out);
    return out.str();
}

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            field += c;
        }
    }
    REQUIRE(field.empty());
    REQUIRE(row.empty());  // every record ends with a line break
    return rows;
}

}  // namespace

TEST_CASE("property graph: what entities, values and facts carry", "[export][graph]") {
    const kg::GraphSnapshot g = sample();
    const kg::Properties e = kg::entity_properties(g.entities[0]);
    CHECK(std::get<std::string>(*find(e, "name")) == "Microsoft");
    CHECK(std::get<std::string>(*find(e, "type")) == "Organization");
    CHECK(std::get<std::vector<std::string>>(*find(e, "aliases")) ==
          std::vector<std::string>{"Microsoft Corp.", "MSFT"});
    CHECK(std::get<std::int64_t>(*find(e, "mentions")) == 1);

    const kg::Properties v = kg::value_properties(money(150e9));
    CHECK(std::get<std::string>(*find(v, "value")) == "$150B");
    CHECK(std::get<std::string>(*find(v, "kind")) == "money");
    CHECK(std::get<double>(*find(v, "amount")) == 150e9);
    CHECK(std::get<std::string>(*find(v, "currency")) == "USD");
    CHECK(find(v, "date") == nullptr);
    CHECK(std::get<std::string>(*find(kg::value_properties(date("2019-03")), "date")) == "2019-03");

    kg::Fact invested = g.facts[0];
    invested.qualifiers["sources"] = date("2020");  // a created qualifier may not hide provenance
    const kg::Properties f = kg::fact_properties(invested);
    CHECK(std::get<std::string>(*find(f, "amount")) == "$1B");
    CHECK(std::get<double>(*find(f, "amount_value")) == 1e9);
    CHECK(std::get<std::string>(*find(f, "date")) == "2019");
    CHECK(find(f, "date_value") == nullptr);
    CHECK(find(f, "modality") == nullptr);
    CHECK(std::get<std::vector<std::string>>(*find(f, "sources")) ==
          std::vector<std::string>{"https://a.example/1", "https://b.example/2"});
    CHECK(std::get<std::vector<std::string>>(*find(f, "sentences")).size() == 3);
    const kg::Properties denied = kg::fact_properties(g.facts[3]);
    REQUIRE(find(denied, "modality"));
    CHECK(std::get<std::string>(*find(denied, "modality")) == "reported");

    CHECK(kg::relationship_type("acquired", true) == "not-acquired");
    CHECK(kg::relationship_type("acquired", false) == "acquired");
    CHECK(kg::denied_relation("not-acquired") == "acquired");
    CHECK_FALSE(kg::denied_relation("acquired"));
    CHECK_FALSE(kg::denied_relation("not-"));
}

TEST_CASE("write_graphml writes well-formed, typed GraphML", "[export]") {
    const std::string text = graphml_of(sample());
    INFO(text);
    CHECK(text == graphml_of(shuffled(sample())));

    boost::property_tree::ptree doc;
    std::istringstream in(text);
    REQUIRE_NOTHROW(boost::property_tree::read_xml(in, doc));
    const auto& root = doc.get_child("graphml");
    std::map<std::string, std::string> key_types;  // "node name" -> attr.type
    for (const auto& [tag, child] : root) {
        if (tag != "key") continue;
        // Attribute names hold dots, ptree's default path separator.
        auto attr = [&](const char* name) {
            return child.get<std::string>(
                boost::property_tree::ptree::path_type(std::string("<xmlattr>/") + name, '/'));
        };
        key_types[attr("for") + " " + attr("attr.name")] = attr("attr.type");
    }
    CHECK(key_types.at("node mentions") == "long");
    CHECK(key_types.at("node amount") == "double");
    CHECK(key_types.at("node aliases") == "string");
    CHECK(key_types.at("edge confidence") == "double");
    CHECK(key_types.at("edge negated") == "boolean");
    CHECK(key_types.at("edge fact_id") == "long");
    const auto& graph = root.get_child("graph");
    CHECK(graph.get<std::string>("<xmlattr>.edgedefault") == "directed");
    std::size_t nodes = 0, edges = 0;
    for (const auto& [tag, child] : graph) {
        nodes += tag == "node";
        edges += tag == "edge";
    }
    // 4 entities + the one only a fact names, and 1 value that two facts share.
    CHECK(nodes == 6);
    CHECK(edges == 5);
}

TEST_CASE("write_graphml is read back by networkx", "[export]") {
    const std::string python = "/usr/bin/python3";  // Debian's, with python3-networkx
    if (!fs::exists(python)) {
        WARN("skipping: " << python << " not found (install python3 and python3-networkx)");
        return;
    }
    kg::test::TempDir dir;
    const std::string file = dir.file("g.graphml");
    {
        std::ofstream out(file, std::ios::binary);
        kg::write_graphml(sample(), out);
    }
    const kg::RunResult run =
        kg::run_process({python, std::string(KG_SOURCE_DIR) + "/tests/graphml_check.py", file});
    REQUIRE(run.started());
    if (run.exit_status == 3) {
        WARN("skipping: networkx is not installed for " << python
                                                        << " (Debian package python3-networkx)");
        return;
    }
    INFO("stderr: " << run.err);
    REQUIRE(run.exit_status == 0);
    const json got = json::parse(run.out);
    INFO(got.dump(2));
    CHECK(got["directed"] == true);
    const json& nodes = got["nodes"];
    REQUIRE(nodes.size() == 6);
    CHECK(nodes["e1"]["label"] == json::array({"str", "Microsoft"}));
    CHECK(nodes["e1"]["labels"] == json::array({"str", ":Organization"}));
    CHECK(nodes["e1"]["mentions"] == json::array({"int", 1}));
    CHECK(json::parse(nodes["e1"]["aliases"][1].get<std::string>()) ==
          json::array({"Microsoft Corp.", "MSFT"}));
    CHECK(nodes["e3"]["name"][1] == kMarkup);  // &, <, > and quotes came back as written
    // The control character is dropped (XML cannot carry it), the invalid byte is U+FFFD.
    CHECK(nodes["e4"]["name"][1] == "Smith, \"Jr.\"; Co\nLtd \xEF\xBF\xBD");
    CHECK(nodes["e99"]["name"][1] == "Ghost Corp");
    CHECK(nodes["v1"]["value"] == json::array({"str", "$150B"}));
    CHECK(nodes["v1"]["amount"] == json::array({"float", 150e9}));

    const json& edges = got["edges"];
    REQUIRE(edges.size() == 5);
    std::multiset<std::string> seen;
    for (const auto& e : edges) {
        const std::string type = e[3]["label"][1];
        seen.insert(e[0].get<std::string>() + " " + type + " " + e[1].get<std::string>());
        CHECK(e[3]["confidence"] == json::array({"float", 0.9}));
        CHECK(e[3]["negated"] == json::array({"bool", type == "not-acquired"}));
        if (type == "invested-in") {
            CHECK(e[3]["amount"] == json::array({"str", "$1B"}));
            CHECK(e[3]["amount_value"] == json::array({"float", 1e9}));
            CHECK(e[3]["fact_id"] == json::array({"int", 10}));
        }
    }
    CHECK(seen == std::multiset<std::string>{"e1 invested-in e2", "e2 valued-at v1",
                                             "e3 valued-at v1", "e3 not-acquired e2",
                                             "e4 works-for e99"});
}

TEST_CASE("write_neo4j_csv writes neo4j-admin's header format", "[export]") {
    std::ostringstream nodes_out, rels_out;
    kg::write_neo4j_csv(sample(), nodes_out, rels_out);
    const auto nodes = parse_csv(nodes_out.str());
    const auto rels = parse_csv(rels_out.str());
    INFO(nodes_out.str() << "\n---\n" << rels_out.str());

    std::ostringstream again_nodes, again_rels;
    kg::write_neo4j_csv(shuffled(sample()), again_nodes, again_rels);
    CHECK(again_nodes.str() == nodes_out.str());
    CHECK(again_rels.str() == rels_out.str());

    REQUIRE(nodes.size() == 1 + 6);
    const auto& h = nodes[0];
    auto col = [](const std::vector<std::string>& header, const std::string& name) {
        const auto it = std::find(header.begin(), header.end(), name);
        REQUIRE(it != header.end());
        return static_cast<std::size_t>(it - header.begin());
    };
    CHECK(h[0] == "id:ID");
    CHECK(h[1] == ":LABEL");
    const std::size_t name = col(h, "name"), aliases = col(h, "aliases:string[]"),
                      mentions = col(h, "mentions:long"), amount = col(h, "amount:double"),
                      value = col(h, "value");
    for (const auto& row : nodes) REQUIRE(row.size() == h.size());
    CHECK(nodes[1][0] == "e1");
    CHECK(nodes[1][1] == "Organization");
    CHECK(nodes[1][name] == "Microsoft");
    CHECK(nodes[1][aliases] == "Microsoft Corp.\x1FMSFT");
    CHECK(nodes[1][mentions] == "1");
    CHECK(nodes[1][value].empty());  // an entity has no `value`: the field is empty
    CHECK(nodes[4][name] == kCsvHard.substr(0, kCsvHard.size() - 1) + "\xEF\xBF\xBD");
    CHECK(nodes[6][0] == "v1");
    CHECK(nodes[6][1] == "Value");
    CHECK(nodes[6][value] == "$150B");
    CHECK(nodes[6][amount] == "150000000000");

    REQUIRE(rels.size() == 1 + 5);
    const auto& rh = rels[0];
    CHECK(rh[0] == ":START_ID");
    CHECK(rh[1] == ":END_ID");
    CHECK(rh[2] == ":TYPE");
    const std::size_t sources = col(rh, "sources:string[]"), conf = col(rh, "confidence:double"),
                      negated = col(rh, "negated:boolean"),
                      amount_value = col(rh, "amount_value:double"),
                      fact_id = col(rh, "fact_id:long"), modality = col(rh, "modality");
    for (const auto& row : rels) REQUIRE(row.size() == rh.size());
    CHECK(rels[1][0] == "e1");
    CHECK(rels[1][1] == "e2");
    CHECK(rels[1][2] == "invested-in");
    CHECK(rels[1][fact_id] == "10");
    CHECK(rels[1][conf] == "0.9");
    CHECK(rels[1][negated] == "false");
    CHECK(rels[1][amount_value] == "1000000000");
    CHECK(rels[1][sources] == "https://a.example/1\x1Fhttps://b.example/2");
    CHECK(rels[2][1] == "v1");
    CHECK(rels[3][1] == "v1");
    CHECK(rels[4][2] == "not-acquired");
    CHECK(rels[4][negated] == "true");
    CHECK(rels[4][modality] == "reported");
    CHECK(rels[5][1] == "e99");  // the entity only a fact names has a node
}

TEST_CASE("a qualifier named like a generated property keeps its own value", "[export][graph]") {
    const kg::Entity a = entity(1, "A", kg::EntityType::Organization);
    const kg::Entity b = entity(2, "B", kg::EntityType::Organization);
    kg::Fact f = fact(1, a, "paid", b);
    f.qualifiers["amount"] = money(5);
    kg::Value text;
    text.text = "five";
    f.qualifiers["amount_value"] = text;  // a user's CREATE may name one so
    const kg::Properties props = kg::fact_properties(f);
    std::size_t named = 0;
    for (const auto& [name, value] : props) named += name == "amount_value";
    CHECK(named == 1);
    CHECK(std::get<std::string>(*find(props, "amount_value")) == "five");
}
