// carb_score GOLD.tsv PRED.tsv [--curve FILE]
//
// Scores Open IE predictions (sentence<TAB>confidence<TAB>relation<TAB>arg1...)
// against CaRB gold tuples (sentence<TAB>relation<TAB>arg1...) with CaRB's
// tuple matching (kg/extract/carb.hpp): precision, recall and F1 at the
// confidence threshold with the best F1 (what CaRB reports) and with every
// prediction, and the area under the precision-recall curve. --curve writes
// the curve (precision, recall, confidence per threshold) as TSV.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "kg/error.hpp"
#include "kg/extract/carb.hpp"

namespace {

std::vector<kg::CarbTuple> read(const std::string& path, bool gold) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw kg::Error(path + ": cannot read");
    return gold ? kg::read_carb_gold(in, path) : kg::read_carb_predictions(in, path);
}

}  // namespace

int main(int argc, char** argv) {
    std::string gold_path, pred_path, curve_path;
    bool usage = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--curve" && i + 1 < argc)
            curve_path = argv[++i];
        else if (!a.empty() && a[0] != '-' && gold_path.empty())
            gold_path = a;
        else if (!a.empty() && a[0] != '-' && pred_path.empty())
            pred_path = a;
        else
            usage = true;
    }
    if (usage || pred_path.empty()) {
        std::cerr << "usage: carb_score GOLD.tsv PRED.tsv [--curve FILE]\n";
        return 2;
    }
    try {
        const auto gold = read(gold_path, true);
        const auto pred = read(pred_path, false);
        const kg::CarbResult r = kg::carb_score(gold, pred);
        std::printf("gold: %zu sentences, %zu tuples; predictions: %zu tuples", r.gold_sentences,
                    r.gold_tuples, r.predicted_tuples);
        if (r.predicted_unmatched_sentences)
            std::printf(" (%zu sentences not in the gold file, ignored)",
                        r.predicted_unmatched_sentences);
        std::printf("\n");
        if (r.curve.empty())
            std::printf("best F1 (no predictions):  precision %.3f  recall %.3f  F1 %.3f\n",
                        r.best.precision, r.best.recall, r.best.f1);
        else
            std::printf("best F1 (confidence >= %g): precision %.3f  recall %.3f  F1 %.3f\n",
                        r.best.threshold, r.best.precision, r.best.recall, r.best.f1);
        std::printf("all predictions:%*s precision %.3f  recall %.3f  F1 %.3f\n", 10, "",
                    r.all.precision, r.all.recall, r.all.f1);
        std::printf("AUC %.3f\n", r.auc);
        if (!curve_path.empty()) {
            std::ofstream out(curve_path);
            out << "precision\trecall\tconfidence\n";
            for (const auto& pt : r.curve)
                out << pt.precision << '\t' << pt.recall << '\t' << pt.threshold << '\n';
            if (!out) throw kg::Error(curve_path + ": cannot write");
        }
    } catch (const std::exception& e) {
        std::cerr << "carb_score: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
