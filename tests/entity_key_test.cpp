#include <catch2/catch.hpp>

#include "kg/graph/entity_key.hpp"

TEST_CASE("entity names meet by normalized key", "[graph][key]") {
    CHECK(kg::entity_key("Microsoft") == "microsoft");
    CHECK(kg::entity_key("Microsoft Corp.") == "microsoft");
    CHECK(kg::entity_key("microsoft corporation") == "microsoft");
    CHECK(kg::entity_key("Microsoft's") == "microsoft");
    CHECK(kg::entity_key("Microsoft\xE2\x80\x99s") == "microsoft");
    CHECK(kg::entity_key("  Apple,  Inc. ") == "apple");
    CHECK(kg::entity_key("The New York Times") == "new york times");
    CHECK(kg::entity_key("Nvidia Ltd") == "nvidia");
    CHECK(kg::entity_key("O'Reilly Media") == "oreilly media");
}

TEST_CASE("normalization never empties a name or merges distinct names", "[graph][key]") {
    CHECK(kg::entity_key("Co") == "co");
    CHECK(kg::entity_key("The") == "the");
    CHECK(kg::entity_key("OpenAI") != kg::entity_key("Open"));
    CHECK(kg::entity_key("Société Générale") == "soci\xC3\xA9t\xC3\xA9 g\xC3\xA9n\xC3\xA9rale");
}
