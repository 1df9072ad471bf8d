// Scoring Open IE extractions against the CaRB benchmark (Bhardwaj, Aggarwal
// and Mausam, EMNLP 2019), as its reference scorer does it:
//  - tuples are compared slot by slot on whitespace tokens (case-sensitive,
//    stop words kept: the reference passes ignoreStopwords/ignoreCase but its
//    matcher never uses them), with arg2 and later arguments joined into one
//    slot; a pair scores 0 unless the relations share a token ("be" in the
//    prediction also matches is/am/are/was/were/been/being in the gold);
//    precision counts only the predicted slots the gold tuple has;
//  - for relations containing said/told/added/adds/says, the prediction's
//    arguments may also match in reverse order (the better of the two counts);
//  - recall: each gold tuple takes its best recall over all predictions of its
//    sentence (several gold tuples may use the same prediction); precision: a
//    one-to-one matching, greedily taking the best remaining precision pair,
//    over the number of predictions;
//  - every distinct prediction confidence is a threshold; the reported point
//    is the threshold with the best F1, and AUC is the trapezoid area under
//    (recall, precision) over all thresholds plus the point (0, 1);
//  - sentences are matched after dropping spaces, undoing PTB bracket escapes
//    (-LRB- ...) and dropping ASCII punctuation (sentences with the same key
//    pool their tuples; the reference keeps one sentence's); predictions for sentences
//    that are not in the gold file are ignored (but their confidences are
//    thresholds), gold sentences without predictions count toward recall.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct CarbTuple {
    std::string sentence;
    double confidence = 1.0;
    std::string relation;
    std::vector<std::string> args;  // arg1, arg2, more args
};

// Gold: sentence<TAB>relation<TAB>arg1[<TAB>arg2...] per line.
// Predictions: sentence<TAB>confidence<TAB>relation<TAB>arg1[<TAB>arg2...].
// Blank lines are skipped; a malformed line throws kg::Error "<name>:<line>: ...".
std::vector<CarbTuple> read_carb_gold(std::istream& in, std::string_view name);
std::vector<CarbTuple> read_carb_predictions(std::istream& in, std::string_view name);

// One prediction line (with the newline); tabs and newlines inside fields
// become spaces so that the line stays parseable.
void write_carb_prediction(std::ostream& out, const CarbTuple& tuple);

// The key CaRB matches sentences by.
std::string carb_sentence_key(std::string_view sentence);

struct CarbPairScore {
    double precision = 0, recall = 0;
};
// Token-level match of one predicted tuple against one gold tuple.
CarbPairScore carb_match(const CarbTuple& gold, const CarbTuple& predicted);

struct CarbPoint {
    double threshold = 0, precision = 0, recall = 0, f1 = 0;
};

struct CarbResult {
    std::size_t gold_sentences = 0, gold_tuples = 0;
    std::size_t predicted_tuples = 0, predicted_unmatched_sentences = 0;
    std::vector<CarbPoint> curve;  // one point per distinct confidence, ascending
    CarbPoint best;                // the best F1 over the curve (all zero if no predictions)
    CarbPoint all;                 // the lowest threshold: every prediction counts
    double auc = 0;
};

CarbResult carb_score(const std::vector<CarbTuple>& gold, const std::vector<CarbTuple>& predicted);

}  // namespace kg
