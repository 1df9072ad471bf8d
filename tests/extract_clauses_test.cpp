// The dependency-based extractor on sentences of the kinds issue #4 names:
// each case states the fact a reader takes from the sentence.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "kg/extract/clause_extractor.hpp"
#include "kg/extract/relation_lexicon.hpp"
#include "kg/extract/relative_date.hpp"

namespace {

const kg::ClauseExtractor& extractor() {
    static const auto e = kg::ClauseExtractor::load_default();
    return *e;
}

std::vector<kg::Triple> extract(const std::string& text, const std::string& published = "") {
    kg::Document doc;
    doc.uri = "test.txt";
    doc.text = text;
    doc.published = published;
    return extractor().extract(doc).triples;
}

std::string shown(const kg::Argument& a) {
    return a.is_value ? a.value.display() : a.text;
}

std::vector<std::string> facts(const std::vector<kg::Triple>& triples) {
    std::vector<std::string> out;
    for (const auto& t : triples)
        out.push_back((t.negated ? "NOT " : "") + shown(t.subject) + " " + t.relation + " " +
                      shown(t.object));
    return out;
}

const kg::Triple* find(const std::vector<kg::Triple>& triples, const std::string& fact) {
    for (const auto& t : triples)
        if (shown(t.subject) + " " + t.relation + " " + shown(t.object) == fact) return &t;
    return nullptr;
}

bool has(const std::vector<kg::Triple>& triples, const std::string& fact) {
    return find(triples, fact) != nullptr;
}

}  // namespace

TEST_CASE("verb, object and preposition give the lexicon's relation with the amount", "[extract]") {
    auto t = extract("Microsoft invested $1 billion in OpenAI in 2019.");
    CAPTURE(facts(t));
    const auto* f = find(t, "Microsoft invested-in OpenAI");
    REQUIRE(f);
    CHECK(f->qualifiers.at("amount").display() == "$1B");
    CHECK(f->qualifiers.at("date").date == "2019");
    CHECK(f->subject.type == kg::EntityType::Organization);
    // The parser hangs "in Mistral AI" on the amount here; it is the verb's.
    t = extract("Microsoft invested $16 million in Mistral AI earlier this year.");
    CAPTURE(facts(t));
    f = find(t, "Microsoft invested-in Mistral AI");
    REQUIRE(f);
    CHECK(f->qualifiers.at("amount").display() == "$16M");
    CHECK_FALSE(has(t, "Microsoft invested $16M"));
}

TEST_CASE("relations outside the lexicon are named by the verb's past tense", "[extract]") {
    using kg::default_relation;
    CHECK(default_relation("drop", {}, "") == "dropped");
    CHECK(default_relation("plan", {}, "") == "planned");
    CHECK(default_relation("scrap", {}, "") == "scrapped");
    CHECK(default_relation("admit", {}, "") == "admitted");
    CHECK(default_relation("visit", {}, "") == "visited");
    CHECK(default_relation("open", {}, "") == "opened");
    CHECK(default_relation("fix", {}, "") == "fixed");
    CHECK(default_relation("hire", {}, "") == "hired");
    CHECK(default_relation("rely", {}, "on") == "relied-on");
    CHECK(default_relation("cut", {}, "") == "cut");
    CHECK(default_relation("shut", {"down"}, "") == "shut-down");
    const auto forms = kg::verb_forms("stop");
    for (const char* f : {"stop", "stops", "stopped", "stopping"})
        CHECK(std::find(forms.begin(), forms.end(), f) != forms.end());
    const auto lose = kg::verb_forms("lose");
    CHECK(std::find(lose.begin(), lose.end(), "losing") != lose.end());
    CHECK(std::find(lose.begin(), lose.end(), "lost") != lose.end());
}

TEST_CASE("synonyms meet in one relation", "[extract]") {
    for (const char* text :
         {"Nvidia bought Mellanox.", "Nvidia purchased Mellanox.", "Nvidia acquired Mellanox.",
          "Nvidia completed its acquisition of Mellanox.", "Nvidia agreed to acquire Mellanox."}) {
        auto t = extract(text);
        CAPTURE(text, facts(t));
        CHECK(has(t, "Nvidia acquired Mellanox"));
    }
}

TEST_CASE("a passive with its agent is turned around", "[extract]") {
    auto t = extract("Mellanox was founded in 1999 by Eyal Waldman.");
    CAPTURE(facts(t));
    const auto* f = find(t, "Eyal Waldman founded Mellanox");
    REQUIRE(f);
    CHECK(f->qualifiers.at("date").date == "1999");
}

TEST_CASE("coordinated agents each get the fact", "[extract]") {
    auto t = extract("OpenAI was founded in 2015 by Sam Altman and Elon Musk.");
    CAPTURE(facts(t));
    CHECK(has(t, "Sam Altman founded OpenAI"));
    CHECK(has(t, "Elon Musk founded OpenAI"));
}

TEST_CASE("a passive's object describes its subject; the past is not the present", "[extract]") {
    auto t = extract(
        "Zenith Labs is considered the top company in robotics. Zenith Labs was given a license. "
        "The plan suits a world where Acme was a startup.");
    CAPTURE(facts(t));
    const auto* f = find(t, "Zenith Labs is-a top company");
    REQUIRE(f);
    CHECK(f->modality == "reported");
    CHECK_FALSE(has(t, "Zenith Labs considered top company"));
    CHECK_FALSE(has(t, "Zenith Labs gave license"));
    CHECK_FALSE(has(t, "Acme is-a startup"));
}

TEST_CASE("participial and relative clauses are about the noun they modify", "[extract]") {
    auto t = extract(
        "OpenAI, valued at $150 billion, hired staff. Mellanox, which is based in Yokneam, "
        "makes chips.");
    CAPTURE(facts(t));
    CHECK(has(t, "OpenAI valued-at $150B"));
    CHECK(has(t, "Mellanox based-in Yokneam"));
}

TEST_CASE("coordinated subjects each get the fact", "[extract]") {
    auto t = extract("OpenAI and Microsoft revised the terms of the partnership.");
    CAPTURE(facts(t));
    CHECK(has(t, "OpenAI revised terms of partnership"));
    CHECK(has(t, "Microsoft revised terms of partnership"));
}

TEST_CASE("titles in appositions and possessives become roles", "[extract]") {
    auto t = extract(
        "Jensen Huang, the chief executive of Nvidia, spoke. Amazon's chief "
        "executive, Andy Jassy, agreed.");
    CAPTURE(facts(t));
    CHECK(has(t, "Jensen Huang ceo-of Nvidia"));
    CHECK(has(t, "Andy Jassy ceo-of Amazon"));
}

TEST_CASE("a possessed noun can carry the relation", "[extract]") {
    auto t = extract("Microsoft's investment in OpenAI paid off.");
    CAPTURE(facts(t));
    CHECK(has(t, "Microsoft invested-in OpenAI"));
}

TEST_CASE("negation and hedging are kept, never stored as plain truth", "[extract]") {
    auto t = extract("Google did not invest in OpenAI. Apple may acquire Netflix.");
    CAPTURE(facts(t));
    const auto* no = find(t, "Google invested-in OpenAI");
    REQUIRE(no);
    CHECK(no->negated);
    const auto* maybe = find(t, "Apple acquired Netflix");
    REQUIRE(maybe);
    CHECK_FALSE(maybe->negated);
    CHECK(maybe->modality == "hedged");
}

TEST_CASE("reported speech keeps the inner fact, attributed to the speaker", "[extract]") {
    auto t = extract("Reuters reported that Nvidia acquired Mellanox.");
    CAPTURE(facts(t));
    const auto* f = find(t, "Nvidia acquired Mellanox");
    REQUIRE(f);
    CHECK(f->attributed_to == "Reuters");
}

TEST_CASE("pronouns and 'the company' resolve to the entity, dates to the article's",
          "[extract][coref]") {
    auto t = extract(
        "Nvidia Corp. reported record sales. On Monday, it acquired Mellanox. "
        "The company also bought Cumulus Networks last year.",
        "2019-03-13");
    CAPTURE(facts(t));
    const auto* f = find(t, "Nvidia Corp. acquired Mellanox");
    REQUIRE(f);
    CHECK(f->qualifiers.at("date").date == "2019-03-11");
    const auto* g = find(t, "Nvidia Corp. acquired Cumulus Networks");
    REQUIRE(g);
    CHECK(g->qualifiers.at("date").date == "2018");
}

TEST_CASE("no argument is a pronoun, determiner, relative word or clause", "[extract]") {
    auto t = extract(
        "They said it was bought. Which company did this? Everyone agreed that the deal, "
        "which he said was fair, would close. This is what they wanted.");
    CAPTURE(facts(t));
    const std::vector<std::string> banned{"they",  "it",  "he",   "she",      "this", "that",
                                          "which", "who", "what", "everyone", "its",  "their"};
    for (const auto& tr : t)
        for (const auto* a : {&tr.subject, &tr.object}) {
            std::string lower = a->text;
            std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
            CHECK(std::find(banned.begin(), banned.end(), lower) == banned.end());
            CHECK(std::count(lower.begin(), lower.end(), ' ') < 8);
        }
}

TEST_CASE("relative dates resolve against the publication date", "[extract]") {
    using kg::resolve_relative_date;
    CHECK(resolve_relative_date({"monday"}, "2024-03-06")->date == "2024-03-04");
    CHECK(resolve_relative_date({"wednesday"}, "2024-03-06")->date == "2024-03-06");
    CHECK(resolve_relative_date({"last", "wednesday"}, "2024-03-06")->date == "2024-02-28");
    CHECK(resolve_relative_date({"yesterday"}, "2024-03-01")->date == "2024-02-29");
    CHECK(resolve_relative_date({"last", "year"}, "2024-03-06")->date == "2023");
    CHECK(resolve_relative_date({"last", "month"}, "2024-01-06")->date == "2023-12");
    CHECK_FALSE(resolve_relative_date({"monday"}, ""));
    CHECK_FALSE(resolve_relative_date({"next", "monday"}, "2024-03-06"));
}

TEST_CASE("the CaRB view keeps the sentence's own words", "[extract][carb]") {
    auto tuples = extractor().surface_tuples(
        "Tom Bradley joined the Railway Company as a junior clerk in 1941 .");
    REQUIRE_FALSE(tuples.empty());
    const auto& t = tuples.front();
    CHECK(t.relation == "joined");
    REQUIRE(t.arguments.size() >= 3);
    CHECK(t.arguments[0] == "Tom Bradley");
    CHECK(t.arguments[1] == "the Railway Company");
    CHECK(std::find(t.arguments.begin(), t.arguments.end(), "in 1941") != t.arguments.end());
}
