#include <catch2/catch.hpp>

#include <sstream>

#include "kg/error.hpp"
#include "kg/nlp/conllu.hpp"

namespace {

const char* kSample =
    "# sent_id = s1\n"
    "# text = I didn't go.\n"
    "1\tI\tI\tPRON\tPRP\tCase=Nom\t4\tnsubj\t4:nsubj\t_\n"
    "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t4:aux\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n"
    "4\tgo\tgo\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n"
    "4.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t4:conj\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n"
    "\n";

}  // namespace

TEST_CASE("CoNLL-U reading skips ranges and empty nodes, keeps offsets", "[nlp]") {
    std::istringstream in(kSample);
    const auto sentences = kg::read_conllu(in, "sample");
    REQUIRE(sentences.size() == 1);
    const auto& s = sentences[0].sentence;
    CHECK(sentences[0].id == "s1");
    CHECK(s.text == "I didn't go.");
    REQUIRE(s.tokens.size() == 5);
    CHECK(s.tokens[1].form == "did");
    CHECK(s.tokens[2].lemma == "not");
    CHECK(s.tokens[3].head == 0);
    CHECK(s.tokens[3].deprel == "root");
    CHECK_FALSE(s.tokens[3].space_after);
    CHECK(s.text.substr(s.tokens[2].begin, s.tokens[2].end - s.tokens[2].begin) == "n't");
    CHECK(s.text.substr(s.tokens[4].begin, 1) == ".");
    REQUIRE(sentences[0].ranges.size() == 1);
    CHECK(sentences[0].ranges[0].form == "didn't");
}

TEST_CASE("CoNLL-U round trip", "[nlp]") {
    std::istringstream in(kSample);
    const auto first = kg::read_conllu(in, "sample");
    std::ostringstream out;
    kg::write_conllu(out, first[0].sentence, first[0].id);
    std::istringstream again(out.str());
    const auto second = kg::read_conllu(again, "written");
    REQUIRE(second.size() == 1);
    CHECK(second[0].id == "s1");
    CHECK(second[0].sentence.text == first[0].sentence.text);
    REQUIRE(second[0].sentence.tokens.size() == first[0].sentence.tokens.size());
    for (std::size_t i = 0; i < first[0].sentence.tokens.size(); ++i) {
        const auto& a = first[0].sentence.tokens[i];
        const auto& b = second[0].sentence.tokens[i];
        CHECK(a.form == b.form);
        CHECK(a.lemma == b.lemma);
        CHECK(a.upos == b.upos);
        CHECK(a.xpos == b.xpos);
        CHECK(a.head == b.head);
        CHECK(a.deprel == b.deprel);
        CHECK(a.space_after == b.space_after);
    }
}

TEST_CASE("a sentence read from CoNLL-U is written back with its ranges and comments", "[nlp]") {
    const std::string text =
        "# newdoc id = d1\n"
        "# sent_id = s2\n"
        "# text = It's done.\n"
        "1-2\tIt's\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "1\tIt\tit\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n"
        "2\t's\tbe\tAUX\tVBZ\t_\t3\tcop\t_\t_\n"
        "3\tdone\tdone\tADJ\tJJ\t_\t0\troot\t_\tSpaceAfter=No\n"
        "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
        "5-6\tgonna\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
        "5\tgon\tgo\tVERB\tVBG\t_\t3\tparataxis\t_\t_\n"
        "6\tna\tto\tPART\tTO\t_\t5\tmark\t_\t_\n"
        "\n";
    std::istringstream in(text);
    const auto read = kg::read_conllu(in, "mwt");
    REQUIRE(read.size() == 1);
    std::ostringstream out;
    kg::write_conllu(out, read[0], read[0].id);
    CHECK(out.str() == text);
}

TEST_CASE("bad CoNLL-U is a kg::Error with the line number", "[nlp]") {
    std::istringstream in("1\tI\tI\tPRON\n");
    try {
        kg::read_conllu(in, "bad.conllu");
        FAIL("no error");
    } catch (const kg::Error& e) {
        CHECK(std::string(e.what()).find("bad.conllu:1:") != std::string::npos);
    }
}
