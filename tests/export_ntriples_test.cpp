#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kg/export/jsonld.hpp"
#include "kg/export/ntriples.hpp"
#include "kg/process.hpp"
#include "kg/source/utf8.hpp"
#include "support.hpp"

namespace {

using kg::test::date;
using kg::test::entity;
using kg::test::fact;
using kg::test::money;
using kg::test::source;
using kg::test::value_fact;

const std::string kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const std::string kXsd = "http://www.w3.org/2001/XMLSchema#";
const std::string kSchema = "https://schema.org/";
const std::string kType = "<" + kRdf + "type>";

// Every escape N-Triples needs, non-ASCII text, and ill-formed UTF-8
// (truncated, surrogate, overlong, stray continuation, impossible byte).
// Literals are split where a hex escape would swallow the next letter.
const std::string kTricky =
    "q\"b\\n\nr\rt\tc\x01"
    "d\x7F"
    "e\xC2\x85"
    " Caf\xC3\xA9 \xE6\x9D\xB1 bad\xC3(\xED\xA0\x80|\xC0\xAF|\x80|\xFF"
    "end\xE6\x9D";
const std::string kTrickyEscaped =
    "q\\\"b\\\\n\\nr\\rt\\tc\\u0001d\\u007Fe\\u0085 Caf\xC3\xA9 \xE6\x9D\xB1 bad\xEF\xBF\xBD("
    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD"
    "end\xEF\xBF\xBD";

kg::Value value(kg::ValueKind kind, double amount, kg::Bound bound = kg::Bound::Exact) {
    kg::Value v;
    v.kind = kind;
    v.amount = amount;
    v.bound = bound;
    return v;
}

kg::Value text(std::string t) {
    kg::Value v;
    v.text = std::move(t);
    return v;
}

// Every shape the RDF design covers, with two entities (3 and 99) that only
// facts mention.
kg::GraphSnapshot rich_sample() {
    using kg::EntityType;
    using kg::ValueKind;
    auto microsoft = entity(1, "Microsoft", EntityType::Organization);
    microsoft.aliases = {"Microsoft Corp.", "MSFT", "MSFT"};
    microsoft.mentions = 12;
    auto openai = entity(2, "OpenAI", EntityType::Organization);
    auto google = entity(3, "Google", EntityType::Organization);  // not in the snapshot
    auto tricky = entity(4, kTricky, EntityType::Person);
    tricky.aliases = {"alias \"two\"\n"};
    auto paris = entity(5, "Paris", EntityType::Place);
    paris.mentions = 0;
    auto chatgpt = entity(6, "ChatGPT", EntityType::Product);
    auto devday = entity(7, "DevDay", EntityType::Event);
    auto board = entity(8, "the board", EntityType::Other);
    board.aliases = {
        "bo\xFF"
        "ard"};
    auto ghost = entity(99, "Ghost", EntityType::Person);  // not in the snapshot

    kg::GraphSnapshot g;
    g.entities = {microsoft, openai, tricky, paris, chatgpt, devday, board};

    auto invested = fact(1, microsoft, "invested-in", openai);
    invested.qualifiers["amount"] = money(1e9);
    invested.qualifiers["date"] = date("2019");
    auto second = source("https://example.com/news/1b", "Microsoft put $1B into OpenAI.");
    second.confidence = 0.1 + 0.2;  // 0.30000000000000004
    second.span_begin = 4000000000;
    second.span_end = 4000000030;
    invested.provenance = {
        source("https://example.com/news/1", "Microsoft invested $1 billion in OpenAI in 2019."),
        second};

    auto valued = value_fact(2, openai, "valued-at", [] {
        auto v = money(150e9);
        v.bound = kg::Bound::AtLeast;
        return v;
    }());
    valued.confidence = 0.8;
    auto twice = source("https://example.com/news/2", "OpenAI is valued at over $150 billion.");
    twice.confidence = 1e-7;
    valued.provenance = {twice, twice};  // two sentences alike: two provenance nodes

    auto denied = fact(3, google, "acquired", openai);
    denied.negated = true;
    denied.provenance = {source("https://example.com/news/3", "Google did not acquire OpenAI.")};

    auto weak = fact(4, tricky, "works-for", microsoft);
    weak.confidence = 0.3;
    weak.modality = "reported";
    auto odd = source("", kTricky);  // no source address, a sentence that needs escaping
    odd.extractor.clear();
    odd.confidence = std::numeric_limits<double>::quiet_NaN();
    weak.provenance = {odd};

    auto grew = value_fact(5, openai, "grew-by", value(ValueKind::Percent, 2.5, kg::Bound::About));
    grew.confidence = 1.0;
    auto founded = value_fact(6, openai, "founded", date("2015-12"));
    auto launched = value_fact(7, chatgpt, "launched", date("2022-11-30"));
    launched.qualifiers["in"] = text("San Francisco");
    auto users =
        value_fact(8, chatgpt, "has-users", value(ValueKind::Quantity, 100e6, kg::Bound::AtMost));
    users.object_value->unit = "weekly users";
    auto refounded = value_fact(9, openai, "founded", date("2015-12"));  // asserted once
    refounded.modality = "claimed";
    auto motto = value_fact(10, microsoft, "motto", text("Be \"bold\"\n\tnow \\ ok \xFF"));
    auto described = fact(11, microsoft, "described-as", openai);
    described.object_entity.reset();
    described.object_name = "a \"giant\"";
    auto held = value_fact(12, devday, "held-in", date("Q3 2023"));  // not an ISO date
    held.confidence = std::numeric_limits<double>::infinity();
    auto owner = fact(13, microsoft, "part of/owner", paris);
    owner.qualifiers["as of"] = date("2020-01-02");
    owner.qualifiers["share"] = value(ValueKind::Percent, 49);
    auto partner = fact(14, openai, "partner-of", ghost);
    auto maybe = fact(15, microsoft, "acquired", chatgpt);
    maybe.negated = true;
    maybe.modality = "may";
    auto cut = value_fact(16, openai, "cut", value(ValueKind::Money, -5e6));  // no currency
    auto revalued = value_fact(17, openai, "valued-at", valued.object_value.value());
    revalued.qualifiers["date"] = date("2024");
    auto board_fact = fact(18, board, "oversees", openai);
    board_fact.qualifiers["since"] = date("2023-11");

    g.facts = {invested, valued,  denied,    weak,  grew,      founded,
               launched, users,   refounded, motto, described, held,
               owner,    partner, maybe,     cut,   revalued,  board_fact};
    return g;
}

kg::GraphSnapshot shuffled(kg::GraphSnapshot g) {
    std::mt19937 rng(7);
    std::shuffle(g.entities.begin(), g.entities.end(), rng);
    std::shuffle(g.facts.begin(), g.facts.end(), rng);
    for (auto& e : g.entities) std::shuffle(e.aliases.begin(), e.aliases.end(), rng);
    for (auto& f : g.facts) std::shuffle(f.provenance.begin(), f.provenance.end(), rng);
    return g;
}

std::string nt_of(const kg::GraphSnapshot& g) {
    std::ostringstream out;
    kg::write_ntriples(g, out);
    return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string iri(const std::string& ns, const std::string& local) {
    return "<" + ns + local + ">";
}

std::string typed(const std::string& lexical, const std::string& xsd_type) {
    return "\"" + lexical + "\"^^" + iri(kXsd, xsd_type);
}

}  // namespace

TEST_CASE("write_ntriples states entities, facts, values and provenance", "[export]") {
    const std::string nt = nt_of(rich_sample());
    INFO(nt);
    const std::vector<std::string> lines = lines_of(nt);
    auto count = [&](const std::string& triple) {
        return std::count(lines.begin(), lines.end(), triple + " .");
    };
    auto has = [&](const std::string& triple) { return count(triple) == 1; };
    auto mentions = [&](const std::string& text) { return nt.find(text) != std::string::npos; };

    // Entities, with the triples their facts assert.
    const std::string microsoft = "<urn:kg:entity:1>";
    CHECK(has(microsoft + " " + kType + " " + iri(kSchema, "Organization")));
    CHECK(has(microsoft + " " + iri(kSchema, "name") + " \"Microsoft\""));
    CHECK(has(microsoft + " " + iri(kSchema, "alternateName") + " \"Microsoft Corp.\""));
    CHECK(has(microsoft + " " + iri(kSchema, "alternateName") + " \"MSFT\""));  // once
    CHECK(has(microsoft + " <urn:kg:vocab:mentions> " + typed("12", "integer")));
    CHECK(has(microsoft + " <urn:kg:relation:invested-in> <urn:kg:entity:2>"));
    CHECK(has(microsoft + " <urn:kg:relation:part%20of%2Fowner> <urn:kg:entity:5>"));
    CHECK(has(microsoft +
              " <urn:kg:relation:motto> \"Be \\\"bold\\\"\\n\\tnow \\\\ ok \xEF\xBF\xBD\""));
    CHECK(has(microsoft + " <urn:kg:relation:described-as> \"a \\\"giant\\\"\""));
    CHECK(has("<urn:kg:entity:4> " + kType + " " + iri(kSchema, "Person")));
    CHECK(has("<urn:kg:entity:5> " + kType + " " + iri(kSchema, "Place")));
    CHECK_FALSE(mentions("<urn:kg:entity:5> <urn:kg:vocab:mentions>"));  // no mentions counted
    CHECK(has("<urn:kg:entity:6> " + kType + " " + iri(kSchema, "Product")));
    CHECK(has("<urn:kg:entity:7> " + kType + " " + iri(kSchema, "Event")));
    CHECK(has("<urn:kg:entity:8> " + kType + " " + iri(kSchema, "Thing")));
    CHECK(has("<urn:kg:entity:8> " + iri(kSchema, "alternateName") +
              " \"bo\xEF\xBF\xBD"
              "ard\""));

    // Entities only facts mention: named from the fact, no class.
    CHECK(has("<urn:kg:entity:3> " + iri(kSchema, "name") + " \"Google\""));
    CHECK(has("<urn:kg:entity:99> " + iri(kSchema, "name") + " \"Ghost\""));
    CHECK_FALSE(mentions("<urn:kg:entity:3> " + kType));
    CHECK_FALSE(mentions("<urn:kg:entity:99> " + kType));

    // Literal objects, asserted once however many facts state them.
    const std::string openai = "<urn:kg:entity:2>";
    CHECK(has(openai + " <urn:kg:relation:founded> " + typed("2015-12", "gYearMonth")));
    CHECK(has("<urn:kg:entity:6> <urn:kg:relation:launched> " + typed("2022-11-30", "date")));
    CHECK(has("<urn:kg:entity:7> <urn:kg:relation:held-in> \"Q3 2023\""));
    CHECK(
        has(openai + " <urn:kg:relation:valued-at> <urn:kg:value:money:USD:150000000000:atleast>"));
    CHECK(has(openai + " <urn:kg:relation:partner-of> <urn:kg:entity:99>"));

    // Denials are statements only.
    CHECK_FALSE(mentions("<urn:kg:entity:3> <urn:kg:relation:acquired>"));
    CHECK_FALSE(mentions("<urn:kg:entity:1> <urn:kg:relation:acquired>"));
    CHECK(has("<urn:kg:fact:3> <urn:kg:vocab:negated> " + typed("true", "boolean")));
    CHECK(has("<urn:kg:fact:15> <urn:kg:vocab:negated> " + typed("true", "boolean")));
    CHECK(has("<urn:kg:fact:15> <urn:kg:vocab:modality> \"may\""));

    // Statements.
    const std::string f1 = "<urn:kg:fact:1>";
    CHECK(has(f1 + " " + kType + " " + iri(kRdf, "Statement")));
    CHECK(has(f1 + " " + iri(kRdf, "subject") + " <urn:kg:entity:1>"));
    CHECK(has(f1 + " " + iri(kRdf, "predicate") + " <urn:kg:relation:invested-in>"));
    CHECK(has(f1 + " " + iri(kRdf, "object") + " <urn:kg:entity:2>"));
    CHECK(has(f1 + " <urn:kg:vocab:negated> " + typed("false", "boolean")));
    CHECK(has(f1 + " <urn:kg:vocab:confidence> " + typed("9.0E-1", "double")));
    CHECK(has(f1 + " <urn:kg:qualifier:date> " + typed("2019", "gYear")));
    CHECK(has(f1 + " <urn:kg:qualifier:amount> <urn:kg:value:money:USD:1000000000>"));
    CHECK(has("<urn:kg:fact:5> <urn:kg:vocab:confidence> " + typed("1.0E0", "double")));
    CHECK(has("<urn:kg:fact:4> <urn:kg:vocab:modality> \"reported\""));
    CHECK(has("<urn:kg:fact:7> <urn:kg:qualifier:in> \"San Francisco\""));
    CHECK(has("<urn:kg:fact:13> <urn:kg:qualifier:as%20of> " + typed("2020-01-02", "date")));
    CHECK(has("<urn:kg:fact:13> <urn:kg:qualifier:share> <urn:kg:value:percent:49>"));
    CHECK(has("<urn:kg:fact:10> " + iri(kRdf, "object") +
              " \"Be \\\"bold\\\"\\n\\tnow \\\\ ok \xEF\xBF\xBD\""));
    CHECK_FALSE(mentions("<urn:kg:fact:12> <urn:kg:vocab:confidence>"));  // infinite: no number

    // Provenance: blank nodes in statement order, sorted by source.
    CHECK(has(f1 + " <urn:kg:vocab:provenance> _:p1"));
    CHECK(has(f1 + " <urn:kg:vocab:provenance> _:p2"));
    CHECK(has("_:p1 " + kType + " <urn:kg:vocab:Provenance>"));
    CHECK(has("_:p1 <urn:kg:vocab:source> " + typed("https://example.com/news/1", "anyURI")));
    CHECK(has("_:p1 <urn:kg:vocab:sentence> \"Microsoft invested $1 billion in OpenAI in 2019.\""));
    CHECK(has("_:p1 <urn:kg:vocab:spanBegin> " + typed("10", "integer")));
    CHECK(has("_:p1 <urn:kg:vocab:spanEnd> " + typed("58", "integer")));
    CHECK(has("_:p1 <urn:kg:vocab:extractor> \"test-1\""));
    CHECK(has("_:p1 <urn:kg:vocab:confidence> " + typed("9.0E-1", "double")));
    CHECK(has("_:p2 <urn:kg:vocab:source> " + typed("https://example.com/news/1b", "anyURI")));
    CHECK(has("_:p2 <urn:kg:vocab:spanBegin> " + typed("4000000000", "integer")));
    CHECK(has("_:p2 <urn:kg:vocab:confidence> " + typed("3.0E-1", "double")));
    CHECK(has("<urn:kg:fact:2> <urn:kg:vocab:provenance> _:p3"));
    CHECK(has("<urn:kg:fact:2> <urn:kg:vocab:provenance> _:p4"));
    CHECK(has("_:p4 <urn:kg:vocab:confidence> " + typed("1.0E-7", "double")));
    // The odd one: empty source, escaped sentence, no extractor, NaN confidence.
    CHECK(has("<urn:kg:fact:4> <urn:kg:vocab:provenance> _:p6"));
    CHECK(has("_:p6 <urn:kg:vocab:source> " + typed("", "anyURI")));
    CHECK(has("_:p6 <urn:kg:vocab:sentence> \"" + kTrickyEscaped + "\""));
    CHECK_FALSE(mentions("_:p6 <urn:kg:vocab:extractor>"));
    CHECK_FALSE(mentions("_:p6 <urn:kg:vocab:confidence>"));

    // Value nodes.
    const std::string over = "<urn:kg:value:money:USD:150000000000:atleast>";
    CHECK(has(over + " " + kType + " " + iri(kSchema, "MonetaryAmount")));
    CHECK(has(over + " " + iri(kSchema, "minValue") + " " + typed("150000000000", "decimal")));
    CHECK(has(over + " " + iri(kSchema, "currency") + " \"USD\""));
    CHECK(count(over + " " + iri(kSchema, "name") + " \"$150B\"") == 1);
    const std::string about = "<urn:kg:value:percent:2.5:about>";
    CHECK(has(about + " " + kType + " " + iri(kSchema, "QuantitativeValue")));
    CHECK(has(about + " " + iri(kSchema, "value") + " " + typed("2.5", "decimal")));
    CHECK(has(about + " <urn:kg:vocab:bound> \"about\""));
    CHECK(has(about + " " + iri(kSchema, "unitCode") + " \"P1\""));
    CHECK(has(about + " " + iri(kSchema, "unitText") + " \"%\""));
    const std::string users = "<urn:kg:value:quantity:weekly%20users:100000000:atmost>";
    CHECK(has(users + " " + iri(kSchema, "maxValue") + " " + typed("100000000", "decimal")));
    CHECK(has(users + " " + iri(kSchema, "unitText") + " \"weekly users\""));
    const std::string cut = "<urn:kg:value:money::-5000000>";
    CHECK(has(cut + " " + iri(kSchema, "value") + " " + typed("-5000000", "decimal")));
    CHECK_FALSE(mentions(cut + " " + iri(kSchema, "currency")));

    // Order: entities by id, statements by id, value nodes by IRI.
    auto first_line = [&](const std::string& prefix) {
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (lines[i].rfind(prefix, 0) == 0) return i;
        return lines.size();
    };
    CHECK(first_line("<urn:kg:entity:1> ") < first_line("<urn:kg:entity:2> "));
    CHECK(first_line("<urn:kg:entity:8> ") < first_line("<urn:kg:entity:99> "));
    CHECK(first_line("<urn:kg:entity:99> ") < first_line("<urn:kg:fact:1> "));
    CHECK(first_line("<urn:kg:fact:9> ") < first_line("<urn:kg:fact:10> "));
    CHECK(first_line("<urn:kg:fact:18> ") < first_line("<urn:kg:value:"));
}

TEST_CASE("write_ntriples escapes literals and keeps the file valid UTF-8", "[export]") {
    kg::GraphSnapshot g;
    g.entities = {entity(1, kTricky, kg::EntityType::Person)};
    const std::string nt = nt_of(g);
    CHECK(nt.find("<urn:kg:entity:1> <https://schema.org/name> \"" + kTrickyEscaped + "\" .\n") !=
          std::string::npos);

    const std::string rich = nt_of(rich_sample());
    CHECK(kg::is_valid_utf8(rich));
    for (const std::string& line : lines_of(rich)) {
        INFO(line);
        CHECK(line.size() > 2);
        CHECK(line.substr(line.size() - 2) == " .");
        CHECK(std::none_of(line.begin(), line.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
        }));
        CHECK(line.find("\xC2\x85") == std::string::npos);
    }
}

TEST_CASE("write_ntriples gives the same bytes for the same graph", "[export]") {
    const std::string nt = nt_of(rich_sample());
    CHECK(nt == nt_of(rich_sample()));
    CHECK(nt == nt_of(shuffled(rich_sample())));

    std::vector<std::string> lines = lines_of(nt);
    const std::set<std::string> distinct(lines.begin(), lines.end());
    CHECK(distinct.size() == lines.size());  // no triple twice

    CHECK(nt_of(kg::GraphSnapshot{}).empty());
}

TEST_CASE("write_ntriples is the RDF that write_jsonld expands to", "[export]") {
    // Debian's python3 with python3-pyld; the python on PATH may be another one.
    const std::string python = "/usr/bin/python3";
    if (!std::filesystem::exists(python)) {
        WARN("skipping: " << python << " not found (install python3 and python3-pyld)");
        return;
    }
    const std::string script = std::string(KG_SOURCE_DIR) + "/tests/jsonld_check.py";
    kg::test::TempDir dir;
    for (const kg::GraphSnapshot& g : {rich_sample(), kg::GraphSnapshot{}}) {
        {
            std::ofstream jsonld(dir.file("graph.jsonld"), std::ios::binary);
            kg::write_jsonld(g, jsonld);
            std::ofstream nt(dir.file("graph.nt"), std::ios::binary);
            kg::write_ntriples(g, nt);
        }
        kg::RunResult run = kg::run_process(
            {python, script, dir.file("graph.jsonld"), "--same-as", dir.file("graph.nt")});
        REQUIRE(run.started());
        if (run.exit_status == 3) {
            WARN("skipping: pyld is not installed for " << python
                                                        << " (Debian package python3-pyld)");
            return;
        }
        INFO("facts: " << g.facts.size() << "\nstdout: " << run.out << "\nstderr: " << run.err);
        CHECK(run.exit_status == 0);
        CHECK(run.out.rfind("same graph: ", 0) == 0);
    }
}
