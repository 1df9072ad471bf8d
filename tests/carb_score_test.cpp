// CaRB scoring (kg/extract/carb.hpp) on small hand-made gold and prediction
// files whose scores were worked out by hand, and the carb_score tool on the
// CaRB dev gold (identity and empty predictions) when ../shared is present.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kg/error.hpp"
#include "kg/extract/carb.hpp"

namespace {

std::vector<kg::CarbTuple> gold_of(const std::string& text) {
    std::istringstream in(text);
    return kg::read_carb_gold(in, "gold");
}

std::vector<kg::CarbTuple> pred_of(const std::string& text) {
    std::istringstream in(text);
    return kg::read_carb_predictions(in, "pred");
}

kg::CarbTuple tuple(std::string rel, std::vector<std::string> args) {
    return kg::CarbTuple{"s", 1.0, std::move(rel), std::move(args)};
}

}  // namespace

TEST_CASE("CaRB pair matching is token overlap per slot", "[carb]") {
    // arg2.. are one slot: "Bob a book" has 3 words, the prediction 2 of them.
    auto m = kg::carb_match(tuple("gave", {"Alice", "Bob", "a book"}),
                            tuple("gave", {"Alice", "a book"}));
    CHECK(m.precision == Approx(4.0 / 4));
    CHECK(m.recall == Approx(4.0 / 5));
    m = kg::carb_match(tuple("gave", {"Alice", "Bob", "a book"}), tuple("gave", {"Alice", "Bob"}));
    CHECK(m.precision == Approx(1.0));
    CHECK(m.recall == Approx(3.0 / 5));
    // No shared relation word: no match, whatever the arguments.
    m = kg::carb_match(tuple("was in", {"Alice", "Paris"}), tuple("visited", {"Alice", "Paris"}));
    CHECK(m.precision == 0);
    CHECK(m.recall == 0);
    // "be" matches a form of be.
    m = kg::carb_match(tuple("is", {"X", "big"}), tuple("be", {"X", "big"}));
    CHECK(m.precision == Approx(1.0));
    CHECK(m.recall == Approx(1.0));
    // Said-type relations may match with the arguments reversed.
    m = kg::carb_match(tuple("said", {"Bob", "it rains"}), tuple("said", {"it rains", "Bob"}));
    CHECK(m.precision == Approx(1.0));
    CHECK(m.recall == Approx(1.0));
    m = kg::carb_match(tuple("ate", {"Bob", "it rains"}), tuple("ate", {"it rains", "Bob"}));
    CHECK(m.precision == Approx(1.0 / 4));
    CHECK(m.recall == Approx(1.0 / 4));
    // A prediction slot the gold tuple lacks does not count against precision...
    m = kg::carb_match(tuple("ran", {"Ann"}), tuple("ran", {"Ann", "home"}));
    CHECK(m.precision == Approx(1.0));
    CHECK(m.recall == Approx(1.0));
    // ...but a missing arg1 or arg2 is no match.
    m = kg::carb_match(tuple("ran", {"Ann", "home"}), tuple("ran", {"Ann"}));
    CHECK(m.precision == 0);
    CHECK(m.recall == 0);
    // Case matters and stop words count, as in the reference matcher.
    m = kg::carb_match(tuple("gave", {"the Alice"}), tuple("gave", {"alice"}));
    CHECK(m.precision == Approx(1.0 / 2));
    CHECK(m.recall == Approx(1.0 / 3));
}

TEST_CASE("CaRB scores: recall by best prediction, precision one to one, best threshold",
          "[carb]") {
    const auto gold = gold_of(
        "Alice gave Bob a book in Paris .\tgave\tAlice\tBob\ta book\n"
        "Alice gave Bob a book in Paris .\twas in\tAlice\tParis\n"
        "\n"
        "Carol sleeps .\tsleeps\tCarol\n");
    const auto pred = pred_of(
        "Alice gave Bob a book in Paris .\t0.9\tgave\tAlice\ta book\n"
        "Alice gave Bob a book in Paris .\t0.5\tgave\tAlice\tBob\n"
        "Alice gave Bob a book in Paris .\t0.2\tvisited\tAlice\tParis\n"
        "Dave runs .\t0.7\truns\tDave\n");  // not in the gold file
    const kg::CarbResult r = kg::carb_score(gold, pred);
    CHECK(r.gold_sentences == 2);
    CHECK(r.gold_tuples == 3);
    CHECK(r.predicted_tuples == 4);
    CHECK(r.predicted_unmatched_sentences == 1);
    REQUIRE(r.curve.size() == 4);  // 0.2, 0.5, 0.7, 0.9
    // Recall is 0.8 (gold 1's best, from the 0.9 prediction) out of 3 gold tuples throughout.
    for (const auto& pt : r.curve) CHECK(pt.recall == Approx(0.8 / 3));
    CHECK(r.curve[0].precision == Approx(1.0 / 3));  // 1 + 0 over 3 predictions
    CHECK(r.curve[1].precision == Approx(0.5));      // 1 + 0 over 2
    CHECK(r.curve[2].precision == Approx(1.0));      // the 0.7 threshold keeps only 0.9
    CHECK(r.curve[3].precision == Approx(1.0));
    // The best F1 comes first at the 0.7 threshold (ties keep the lowest, like argmax).
    CHECK(r.best.threshold == 0.7);
    CHECK(r.best.precision == Approx(1.0));
    CHECK(r.best.recall == Approx(0.8 / 3));
    CHECK(r.best.f1 == Approx(2 * (0.8 / 3) / (1 + 0.8 / 3)));
    CHECK(r.all.precision == Approx(1.0 / 3));
    CHECK(r.all.f1 == Approx(2 * (1.0 / 3) * (0.8 / 3) / (1.0 / 3 + 0.8 / 3)));
    // Recall is flat, so the area is the last segment down to (0, 1).
    CHECK(r.auc == Approx(0.8 / 3));
}

TEST_CASE("CaRB: gold as predictions scores 1, no predictions score 0", "[carb]") {
    const std::string text =
        "A b c .\tb\tA\tc\n"
        "A b c .\tb\tA\tc d\n"
        "E f g .\tf\tE\n";
    const auto gold = gold_of(text);
    std::ostringstream preds;
    for (auto t : gold) kg::write_carb_prediction(preds, t);
    const auto same = kg::carb_score(gold, pred_of(preds.str()));
    CHECK(same.best.precision == Approx(1.0));
    CHECK(same.best.recall == Approx(1.0));
    CHECK(same.best.f1 == Approx(1.0));
    CHECK(same.auc == Approx(1.0));
    const auto none = kg::carb_score(gold, {});
    CHECK(none.best.f1 == 0);
    CHECK(none.all.f1 == 0);
    CHECK(none.auc == 0);
}

TEST_CASE("CaRB sentence keys ignore spaces, punctuation and PTB bracket escapes", "[carb]") {
    CHECK(kg::carb_sentence_key("He ( Bob ) left .") ==
          kg::carb_sentence_key("He -LRB- Bob -RRB- left"));
    CHECK(kg::carb_sentence_key("U.S. car") == "UScar");
}

TEST_CASE("CaRB readers reject malformed lines with the line number", "[carb]") {
    CHECK_THROWS_WITH(pred_of("s\t0.5\tr\ta\ns\tnot-a-number\tr\ta\n"),
                      Catch::Contains("pred:2") && Catch::Contains("not a number"));
    CHECK_THROWS_WITH(pred_of("s\t0.5\n"), Catch::Contains("pred:1"));
    CHECK_THROWS_WITH(gold_of("only a sentence\n"), Catch::Contains("gold:1"));
}

TEST_CASE("CaRB dev: the gold tuples score F1 1, truncated ones less, none 0", "[carb]") {
    const std::filesystem::path file =
        std::filesystem::path(KG_SHARED_DIR) / "data/carb-dev/gold-dev.tsv";
    if (!std::filesystem::exists(file)) {
        WARN("skipped: " << file.string() << " not found (../shared is absent)");
        return;
    }
    std::ifstream in(file);
    const auto gold = kg::read_carb_gold(in, file.string());
    REQUIRE(gold.size() > 2000);
    const auto same = kg::carb_score(gold, gold);
    CHECK(same.best.f1 == Approx(1.0));
    // Keep the first word of each argument only.
    auto truncated = gold;
    for (auto& t : truncated)
        for (auto& a : t.args) a = a.substr(0, a.find(' '));
    const auto part = kg::carb_score(gold, truncated);
    CHECK(part.best.f1 > 0.3);
    CHECK(part.best.f1 < 0.95);
    CHECK(kg::carb_score(gold, {}).best.f1 == 0);
}
