// The entity tagger (kg/extract/entity_tagger.hpp) with the committed model,
// its gazetteer and not-name rules, the GUM named-mention definition
// (kg/extract/gum_entities.hpp) on a small hand-written document, the cue
// lexicon, and a guard on the GUM test figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "kg/data_files.hpp"
#include "kg/error.hpp"
#include "kg/extract/entity_eval.hpp"
#include "kg/extract/entity_tagger.hpp"
#include "kg/extract/gum_entities.hpp"
#include "kg/extract/mention_finder.hpp"
#include "kg/nlp/pipeline.hpp"
#include "kg/nlp/tokenizer.hpp"
#include "support.hpp"

namespace {

// Named-mention F1 and type accuracy on gum-wikimedia/test of the committed
// model (models/README.md).
constexpr double kTestF1 = 0.8094;
constexpr double kTestTypeAccuracy = 0.7910;
constexpr double kTolerance = 0.005;

const kg::Pipeline& pipeline() {
    static const kg::Pipeline p = kg::Pipeline::load();
    return p;
}

const kg::EntityTagger& tagger() {
    static const kg::EntityTagger t = kg::EntityTagger::load();
    return t;
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// The names in `text` as "Type:words" strings.
std::vector<std::string> names_in(const std::string& text) {
    std::vector<std::string> out;
    for (const kg::Sentence& s : pipeline().analyze(text))
        for (const kg::EntitySpan& e : tagger().tag(s))
            out.push_back(std::string(kg::to_string(e.type)) + ":" +
                          kg::tokens_text(s, e.begin, e.end));
    return out;
}

}  // namespace

TEST_CASE("the committed entity model finds people, organizations and places, not days",
          "[extract][entities]") {
    const auto names =
        names_in("Satya Nadella, the chief executive of Microsoft, visited Paris on Monday.");
    INFO(Catch::Detail::stringify(names));
    CHECK(names == std::vector<std::string>{"Person:Satya Nadella", "Organization:Microsoft",
                                            "Place:Paris"});
    for (const kg::Sentence& s : pipeline().analyze("Shares of Nvidia Corp. rose in May."))
        for (const kg::EntitySpan& e : tagger().tag(s)) {
            CHECK(e.confidence > 0.0f);
            CHECK(e.confidence <= 1.0f);
            CHECK(kg::tokens_text(s, e.begin, e.end) != "May");
        }
}

TEST_CASE("gazetteer organizations are organizations, page leftovers and acronyms no names",
          "[extract][entities]") {
    // Each of these companies was typed Person or Place from its context alone
    // before the gazetteer decided (lexicons/entity_cues.tsv, organization).
    const auto names = names_in(
        "Amazon invested $4 billion in Anthropic in 2023.\n"
        "Broadcom bought VMware for $69 billion under Hock Tan.\n"
        "Nvidia acquired Mellanox for $6.9 billion, outbidding Intel.\n"
        "Microsoft Corp. did not invest in OpenAI.\n"
        "Advertisement\n"
        "AI will change everything, Reuters reported.\n"
        "Coca-Cola Co. and International Business Machines bought Red Hat.\n"
        "Mr. Dell met them.\n");
    INFO(Catch::Detail::stringify(names));
    const std::vector<std::string> orgs{"Amazon", "Anthropic", "Broadcom", "VMware", "Nvidia",
                                        "Mellanox", "Intel", "OpenAI", "Reuters", "Microsoft Corp.",
                                        // the gazetteer decides where these end
                                        "International Business Machines", "Coca-Cola Co."};
    for (const auto& org : orgs)
        CHECK(std::count(names.begin(), names.end(), "Organization:" + org) == 1);
    CHECK(std::count(names.begin(), names.end(), "Person:Hock Tan") == 1);
    // After a title the gazetteer does not decide.
    CHECK(std::count(names.begin(), names.end(), "Person:Dell") == 1);
    for (const auto& n : names) {
        CHECK(n.find("Advertisement") == std::string::npos);
        CHECK(n.substr(n.find(':')) != ":AI");
    }
}

TEST_CASE("an unreadable entity model fails with one line naming the file", "[extract][entities]") {
    const auto model = kg::EntityTagger::find_model();
    REQUIRE(model);
    kg::test::TempDir dir;
    const std::string path = dir.file("entities.bin");
    std::string bytes = slurp(model->string());
    REQUIRE(bytes.size() > 1000);
    bytes[bytes.size() / 2] ^= 0x20;
    kg::test::write_file(path, bytes);
    CHECK_THROWS_WITH(kg::EntityTagger::load(path),
                      Catch::Contains(path) && Catch::Contains("checksum"));
    kg::test::write_file(path, bytes.substr(0, 100));
    CHECK_THROWS_WITH(kg::EntityTagger::load(path), Catch::Contains(path));
    CHECK_THROWS_WITH(kg::EntityTagger::load(dir.file("missing.bin")),
                      Catch::Contains("missing.bin"));
    // Another kind of kg model is refused by kind.
    CHECK_THROWS_WITH(kg::EntityTagger::load(kg::find_data_file("models/tagger.bin")),
                      Catch::Contains("'tagger' model"));
}

TEST_CASE("entity cues: classes by word, case and final period ignored", "[extract][entities]") {
    const auto cues =
        kg::EntityCues::parse("# comment\norg-suffix\tInc.\ntitle\tmr\nmonth\tmay\n", "cues.tsv");
    CHECK(cues.classes("inc") == kg::kCueOrgSuffix);
    CHECK(cues.classes("INC.") == kg::kCueOrgSuffix);
    CHECK(cues.classes("Mr.") == kg::kCueTitle);
    CHECK(cues.classes("May") == kg::kCueMonth);
    CHECK(cues.classes("Paris") == 0);
    CHECK_THROWS_WITH(kg::EntityCues::parse("colour\tred\n", "cues.tsv"),
                      Catch::Contains("cues.tsv:1") && Catch::Contains("colour"));
    CHECK_NOTHROW(kg::EntityCues::load_default());
}

TEST_CASE("entity cues: whole names, split like the tokenizer, capitalized only",
          "[extract][entities]") {
    const auto cues = kg::EntityCues::parse(
        "organization\tCoca-Cola\norganization\tShell\norganization\tBank of America\n"
        "not-name\tRelated Stories\norg-suffix\tco\n",
        "cues.tsv");
    auto phrase = [&](std::string_view text) { return cues.phrase(kg::tokenize(text)); };
    CHECK(kg::tokenize("Coca-Cola").size() == 3);
    CHECK(phrase("Coca-Cola") == kg::kCueOrganization);
    CHECK(phrase("COCA-COLA") == kg::kCueOrganization);
    CHECK(phrase("Bank of America") == kg::kCueOrganization);
    CHECK(phrase("Bank of") == 0);             // a prefix of an entry is no entry
    CHECK(phrase("Bank of America Co") == 0);  // nor is a longer run
    CHECK(phrase("Related Stories") == kg::kCueNotName);
    // The name classes need a capital: "shell" the noun is no company.
    CHECK(phrase("Shell") == kg::kCueOrganization);
    CHECK(phrase("shell") == 0);
    CHECK(cues.classes("shell") == 0);
    CHECK(cues.classes("Co.") == kg::kCueOrgSuffix);
    std::vector<std::uint32_t> marks;
    cues.mark(kg::tokenize("a shell of Shell"), marks);
    CHECK(marks == std::vector<std::uint32_t>{0, 0, 0, kg::kCueOrganization});
    CHECK_THROWS_WITH(kg::EntityCues::parse("organization\tA B C D E\n", "cues.tsv"),
                      Catch::Contains("cues.tsv:1"));
}

TEST_CASE("GUM named mentions: PROPN heads, the name part of the phrase, outermost kept",
          "[extract][entities]") {
    kg::test::TempDir dir;
    // "Mr. Smith of Acme taught at the University of Basel , where he met Ann on Monday ."
    // Mentions: the person "Mr. Smith of Acme" (holding the organization "Acme"),
    // the organization "the University of Basel, where ... Monday" (holding the
    // place "Basel"), "he" (not named), "Ann", and the time "Monday" (never a name).
    const std::string conllu =
        "# sent_id = t-1\n"
        "# text = Mr. Smith of Acme taught at the University of Basel, where he met Ann on "
        "Monday.\n"
        "1\tMr.\tMr.\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-person-new-x-cf1-1,2-coref-Smith\n"
        "2\tSmith\tSmith\tPROPN\tNNP\t_\t5\tnsubj\t_\t_\n"
        "3\tof\tof\tADP\tIN\t_\t4\tcase\t_\t_\n"
        "4\tAcme\tAcme\tPROPN\tNNP\t_\t2\tnmod\t_\tEntity=(2-organization-new-x-cf2-1-sgl)1)\n"
        "5\ttaught\tteach\tVERB\tVBD\t_\t0\troot\t_\t_\n"
        "6\tat\tat\tADP\tIN\t_\t8\tcase\t_\t_\n"
        "7\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\tEntity=(3-organization-new-x-cf3-2-coref-University_"
        "of_Basel\n"
        "8\tUniversity\tUniversity\tPROPN\tNNP\t_\t5\tobl\t_\t_\n"
        "9\tof\tof\tADP\tIN\t_\t10\tcase\t_\t_\n"
        "10\tBasel\tBasel\tPROPN\tNNP\t_\t8\tnmod\t_\tEntity=(4-place-new-x-cf4-1-sgl)|SpaceAfter="
        "No\n"
        "11\t,\t,\tPUNCT\t,\t_\t14\tpunct\t_\t_\n"
        "12\twhere\twhere\tADV\tWRB\t_\t14\tadvmod\t_\t_\n"
        "13\the\the\tPRON\tPRP\t_\t14\tnsubj\t_\tEntity=(1-person-giv-x-cf1-1-ana-Smith)\n"
        "14\tmet\tmeet\tVERB\tVBD\t_\t8\tacl:relcl\t_\t_\n"
        "15\tAnn\tAnn\tPROPN\tNNP\t_\t14\tobj\t_\tEntity=(5-person-new-x-cf5-1-sgl)\n"
        "16\ton\ton\tADP\tIN\t_\t17\tcase\t_\t_\n"
        "17\tMonday\tMonday\tPROPN\tNNP\t_\t14\tobl\t_\tEntity=(6-time-new-x-cf6-1-sgl)3)|"
        "SpaceAfter=No\n"
        "18\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_\n"
        "\n";
    kg::test::write_file(dir.file("doc.conllu"), conllu);
    const auto gum = kg::read_gum_folder(dir.path());
    REQUIRE(gum.size() == 1);
    CHECK(gum[0].mentions.size() == 7);
    const auto& s = gum[0].conllu.sentence;
    const auto cues = kg::EntityCues::parse("title\tmr\n", "cues");
    std::vector<std::string> got;
    for (const auto& e : kg::named_mentions(s, gum[0].mentions, cues))
        got.push_back(std::string(kg::to_string(e.type)) + ":" +
                      kg::tokens_text(s, e.begin, e.end));
    // Person names do not cross "of", so Acme stays its own name; the title is dropped.
    CHECK(got == std::vector<std::string>{"Person:Smith", "Organization:Acme",
                                          "Organization:University of Basel", "Person:Ann"});

    kg::test::write_file(dir.file("doc.conllu"), conllu.substr(0, conllu.find("11\t")) + "\n");
    CHECK_THROWS_WITH(kg::read_gum_folder(dir.path()), Catch::Contains("not closed"));
}

TEST_CASE("entity tagging on GUM test stays at the committed F1 and type accuracy",
          "[extract][entities]") {
    const std::filesystem::path test =
        std::filesystem::path(KG_SHARED_DIR) / "data/gum-wikimedia/test";
    if (!std::filesystem::exists(test)) {
        WARN("skipped: " << test.string() << " not found (../shared is absent)");
        return;
    }
    const auto examples =
        kg::gum_entity_examples(kg::read_gum_folder(test), pipeline(), tagger().cues());
    const kg::EntityScores s = kg::score_entities(tagger(), examples);
    INFO("P " << s.precision() << " R " << s.recall() << " F1 " << s.f1() << " type acc "
              << s.type_accuracy());
    CHECK(s.gold > 400);
    CHECK(s.f1() >= kTestF1 - kTolerance);
    CHECK(s.type_accuracy() >= kTestTypeAccuracy - kTolerance);
}
