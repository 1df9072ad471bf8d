// Reading N-Triples back (kg import --nt): the syntax, RDF from elsewhere,
// and kg's own export read back as the facts it was written from.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "kg/error.hpp"
#include "kg/export/ntriples.hpp"
#include "kg/export/ntriples_reader.hpp"
#include "support.hpp"

namespace {

using kg::test::contains;
using kg::test::date;
using kg::test::entity;
using kg::test::fact;
using kg::test::money;
using kg::test::run_kg;
using kg::test::TempDir;
using kg::test::value_fact;
using kg::test::write_file;

// The error parse_ntriples gives for `text`, or "" when it parses.
std::string error_of(const std::string& text) {
    try {
        kg::parse_ntriples(text, "f.nt");
    } catch (const kg::Error& e) {
        return e.what();
    }
    return "";
}

const kg::Triple* find(const kg::Extraction& ex, const std::string& display) {
    for (const auto& t : ex.triples)
        if (t.display() == display) return &t;
    return nullptr;
}

}  // namespace

TEST_CASE("parse_ntriples reads IRIs, blank nodes and literals with escapes", "[export][import]") {
    const std::string text =
        "# a comment line\n"
        "\n"
        "<http://x.org/a> <http://x.org/p> \"Caf\\u00E9 \\\"Z\\\" \\\\ \\U0001F600\\n\" .\n"
        "_:b1 <http://x.org/p> \"chat\"@fr . # trailing comment\r\n"
        "<http://x.org/a> <http://x.org/q> "
        "\"2019\"^^<http://www.w3.org/2001/XMLSchema#gYear>.\n"
        "<http://x.org/a\\u0020b> <http://x.org/r> _:b1 .";
    const auto triples = kg::parse_ntriples(text, "f.nt");
    REQUIRE(triples.size() == 4);
    CHECK(triples[0].subject.value == "http://x.org/a");
    CHECK(triples[0].object.kind == kg::RdfTerm::Kind::Literal);
    CHECK(triples[0].object.value == "Caf\u00e9 \"Z\" \\ \xF0\x9F\x98\x80\n");
    CHECK(triples[1].subject.kind == kg::RdfTerm::Kind::Blank);
    CHECK(triples[1].subject.value == "b1");
    CHECK(triples[1].object.language == "fr");
    CHECK(triples[2].object.datatype == "http://www.w3.org/2001/XMLSchema#gYear");
    CHECK(triples[3].subject.value == "http://x.org/a b");
    CHECK(triples[3].object.kind == kg::RdfTerm::Kind::Blank);
    CHECK(text.substr(triples[1].begin, triples[1].end - triples[1].begin).starts_with("_:b1"));

    CHECK(error_of("<a> <p> <o>\n") == "f.nt:1: expected '.' at the end of the triple");
    CHECK(error_of("\n<a> <p> \"open .\n") == "f.nt:2: a literal without its closing '\"'");
    CHECK(error_of("<a> <p> \"x\\q\" .\n") == "f.nt:1: an unknown escape \\q");
    CHECK(error_of("<a> <p> \"\\u12\" .\n") == "f.nt:1: \\u needs 4 hex digits");
    CHECK(error_of("\"lit\" <p> <o> .\n") == "f.nt:1: expected <IRI> or _:blank");
    CHECK(error_of("<a b> <p> <o> .\n") == "f.nt:1: a character an IRI may not hold");
    CHECK(error_of("<a> <p> <o> . <x>\n") == "f.nt:1: text after the end of the triple");
}

TEST_CASE("facts_from_rdf reads RDF from elsewhere as entities and facts", "[export][import]") {
    const std::string text =
        "<http://x.org/e/ms> <http://www.w3.org/2000/01/rdf-schema#label> \"Microsoft\" .\n"
        "<http://x.org/e/ms> <http://schema.org/alternateName> \"MSFT\" .\n"
        "<http://x.org/e/ms> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<http://schema.org/Corporation> .\n"
        "<http://x.org/e/sn> <https://schema.org/name> \"Satya Nadella\" .\n"
        "<http://x.org/e/sn> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://schema.org/Person> .\n"
        "<http://x.org/e/sn> <http://x.org/rel/ceoOf> <http://x.org/e/ms> .\n"
        "<http://x.org/e/ms> <http://x.org/rel/founded_in> "
        "\"1975-04-04\"^^<http://www.w3.org/2001/XMLSchema#date> .\n"
        "<http://x.org/e/ms> <http://x.org/rel/employees> "
        "\"221000\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        "<http://x.org/e/Open%20AI> <http://x.org/rel#partner> <http://x.org/e/ms> .\n";
    const kg::Extraction ex = kg::facts_from_rdf(kg::parse_ntriples(text, "x.nt"));
    REQUIRE(ex.triples.size() == 4);
    const kg::Triple* ceo = find(ex, "Satya Nadella ceo-of Microsoft");
    REQUIRE(ceo);
    CHECK(ceo->subject.type == kg::EntityType::Person);
    CHECK(ceo->object.type == kg::EntityType::Organization);
    CHECK(ceo->object.aliases == std::vector<std::string>{"MSFT"});
    const kg::Triple* founded = find(ex, "Microsoft founded-in 1975-04-04");
    REQUIRE(founded);
    CHECK(founded->object.is_value);
    CHECK(founded->object.value.kind == kg::ValueKind::Date);
    CHECK(founded->object.value.date == "1975-04-04");
    const kg::Triple* staff = nullptr;
    for (const auto& t : ex.triples)
        if (t.relation == "employees") staff = &t;
    REQUIRE(staff);
    CHECK(staff->object.value.kind == kg::ValueKind::Quantity);
    CHECK(staff->object.value.amount == 221000);
    CHECK(find(ex, "Open AI partner Microsoft"));  // the IRI's last segment, decoded
}

TEST_CASE("kg's own N-Triples read back as the facts they were written from", "[export][import]") {
    auto microsoft = entity(1, "Microsoft", kg::EntityType::Organization);
    microsoft.aliases = {"Microsoft Corp."};
    auto openai = entity(2, "OpenAI", kg::EntityType::Organization);
    auto google = entity(3, "Google", kg::EntityType::Organization);
    kg::GraphSnapshot g;
    g.entities = {microsoft, openai, google};
    auto invested = fact(1, microsoft, "invested-in", openai);
    invested.qualifiers["amount"] = money(1e9);
    invested.qualifiers["date"] = date("2019");
    invested.provenance = {kg::test::source("https://a.example/1", "Microsoft invested.")};
    kg::Value over = money(150e9);
    over.bound = kg::Bound::AtLeast;
    auto valued = value_fact(2, openai, "valued-at", over);
    valued.confidence = 0.8;
    auto denied = fact(3, google, "acquired", openai);
    denied.negated = true;
    denied.modality = "reported";
    g.facts = {invested, valued, denied};

    std::ostringstream nt;
    kg::write_ntriples(g, nt);
    const kg::Extraction ex = kg::facts_from_rdf(kg::parse_ntriples(nt.str(), "g.nt"));
    INFO(nt.str());
    REQUIRE(ex.triples.size() == 3);  // no provenance, value or statement node as a fact

    const kg::Triple* inv = find(ex, "Microsoft invested-in OpenAI");
    REQUIRE(inv);
    CHECK(inv->subject.type == kg::EntityType::Organization);
    CHECK(inv->subject.aliases == std::vector<std::string>{"Microsoft Corp."});
    CHECK(inv->confidence == Approx(0.9));
    REQUIRE(inv->qualifiers.count("amount"));
    CHECK(inv->qualifiers.at("amount").display() == "$1B");
    REQUIRE(inv->qualifiers.count("date"));
    CHECK(inv->qualifiers.at("date").date == "2019");

    const kg::Triple* val = find(ex, "OpenAI valued-at $150B");
    REQUIRE(val);
    CHECK(val->object.is_value);
    CHECK(val->object.value.kind == kg::ValueKind::Money);
    CHECK(val->object.value.bound == kg::Bound::AtLeast);
    CHECK(val->object.value.amount == 150e9);
    CHECK(val->confidence == Approx(0.8));

    const kg::Triple* den = nullptr;
    for (const auto& t : ex.triples)
        if (t.relation == "acquired") den = &t;
    REQUIRE(den);
    CHECK(den->negated);
    CHECK(den->modality == "reported");
    CHECK(den->subject.text == "Google");
}

TEST_CASE("kg import --nt adds RDF triples as facts; bad files change nothing", "[cli][import]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_file(dir.file("g.nt"),
               "<http://x.org/Alpha> <http://x.org/rel/acquired> <http://x.org/Beta> .\n"
               "<http://x.org/Beta> <http://x.org/rel/owns> <http://x.org/Gamma> .\n");
    auto r = run_kg({"--graph", graph, "import", "--nt", dir.file("g.nt")});
    REQUIRE(r.exit_status == 0);
    CHECK(contains(r.out, "g.nt: 2 triples, 2 facts added"));
    auto path = run_kg({"--graph", graph, "path", "Alpha", "Gamma", "--format", "table"});
    CHECK(path.out == "Alpha -[acquired]-> Beta -[owns]-> Gamma\n");

    write_file(dir.file("bad.nt"),
               "<http://x.org/Delta> <http://x.org/rel/owns> <http://x.org/E> .\n"
               "<http://x.org/Delta> <http://x.org/rel/owns> .\n");
    auto bad = run_kg({"--graph", graph, "import", "--nt", dir.file("bad.nt")});
    CHECK(bad.exit_status == 1);
    CHECK(contains(bad.err, "bad.nt:2: expected <IRI>, _:blank or \"literal\""));
    auto stats = kg::test::json_lines(run_kg({"--graph", graph, "stats", "--format", "json"}).out);
    REQUIRE(stats.size() == 1);
    CHECK(stats[0]["facts"] == 2);

    CHECK(run_kg({"--graph", graph, "import", "--nt", dir.file("g.nt"), "--tsv", dir.file("g.nt")})
              .exit_status == 2);
    CHECK(run_kg({"--graph", graph, "import"}).exit_status == 2);
}
