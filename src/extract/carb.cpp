#include "kg/extract/carb.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <istream>
#include <map>
#include <ostream>
#include <unordered_map>

#include "kg/error.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

using Words = std::vector<std::string_view>;

Words words_of(std::string_view s) {
    Words out;
    std::size_t i = 0;
    auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (i < s.size()) {
        while (i < s.size() && space(s[i])) ++i;
        std::size_t j = i;
        while (j < s.size() && !space(s[j])) ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

// Counts gold words found in `predicted`, each predicted word used once;
// `predicted` keeps the words left over.
std::size_t take_matches(const Words& gold, Words& predicted) {
    std::size_t n = 0;
    for (std::string_view w : gold) {
        const auto it = std::find(predicted.begin(), predicted.end(), w);
        if (it == predicted.end()) continue;
        ++n;
        predicted.erase(it);
    }
    return n;
}

std::string join_from(const std::vector<std::string>& args, std::size_t from) {
    std::string s;
    for (std::size_t k = from; k < args.size(); ++k) {
        if (k > from) s += ' ';
        s += args[k];
    }
    return s;
}

// Arguments as two slots: arg1, and every later argument joined.
std::vector<std::string> binary_args(const std::vector<std::string>& args) {
    if (args.size() < 2) return args;
    return {args[0], join_from(args, 1)};
}

CarbPairScore slot_match(const std::string& gold_rel, const std::vector<std::string>& gold_args,
                         const std::string& pred_rel, const std::vector<std::string>& pred_args) {
    std::size_t p_num = 0, p_den = 0, r_num = 0, r_den = 0;
    Words predicted = words_of(pred_rel);
    const Words gold = words_of(gold_rel);
    p_den += predicted.size();
    r_den += gold.size();
    std::size_t matched = take_matches(gold, predicted);
    if (const auto be = std::find(predicted.begin(), predicted.end(), "be");
        be != predicted.end()) {
        static constexpr std::array<std::string_view, 8> kBe{"be",  "is",   "am",   "are",
                                                             "was", "were", "been", "being"};
        const bool gold_has_be = std::any_of(kBe.begin(), kBe.end(), [&](std::string_view f) {
            return std::find(gold.begin(), gold.end(), f) != gold.end();
        });
        if (gold_has_be) {
            ++matched;
            predicted.erase(be);
        }
    }
    if (matched == 0) return {};
    p_num += matched;
    r_num += matched;
    for (std::size_t i = 0; i < gold_args.size(); ++i) {
        const Words g = words_of(gold_args[i]);
        r_den += g.size();
        if (i >= pred_args.size()) {
            if (i < 2) return {};
            continue;
        }
        Words p = words_of(pred_args[i]);
        p_den += p.size();
        const std::size_t m = take_matches(g, p);
        p_num += m;
        r_num += m;
    }
    return {p_den ? double(p_num) / double(p_den) : 0.0,
            r_den ? double(r_num) / double(r_den) : 0.0};
}

bool said_type(std::string_view relation) {
    static constexpr std::array<std::string_view, 5> kSaid{"said", "told", "added", "adds", "says"};
    return std::any_of(kSaid.begin(), kSaid.end(), [&](std::string_view v) {
        return relation.find(v) != std::string_view::npos;
    });
}

std::string_view strip(std::string_view s) {
    auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

template <typename F>
std::vector<CarbTuple> read_lines(std::istream& in, std::string_view name, F parse) {
    std::vector<CarbTuple> out;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        const std::string_view s = strip(line);
        if (s.empty()) continue;
        const auto fields = split(s, '\t');
        auto fail = [&](const std::string& what) {
            throw Error(std::string(name) + ":" + std::to_string(line_no) + ": " + what);
        };
        out.push_back(parse(fields, fail));
    }
    return out;
}

struct SentenceGroup {
    std::vector<const CarbTuple*> gold;
    std::vector<const CarbTuple*> predicted;
};

}  // namespace

std::vector<CarbTuple> read_carb_gold(std::istream& in, std::string_view name) {
    return read_lines(in, name, [](const std::vector<std::string_view>& f, auto fail) {
        if (f.size() < 2) fail("expected sentence<TAB>relation<TAB>arguments");
        CarbTuple t;
        t.sentence = std::string(strip(f[0]));
        t.relation = std::string(strip(f[1]));
        for (std::size_t k = 2; k < f.size(); ++k) t.args.emplace_back(strip(f[k]));
        return t;
    });
}

std::vector<CarbTuple> read_carb_predictions(std::istream& in, std::string_view name) {
    return read_lines(in, name, [](const std::vector<std::string_view>& f, auto fail) {
        if (f.size() < 3) fail("expected sentence<TAB>confidence<TAB>relation<TAB>arguments");
        CarbTuple t;
        t.sentence = std::string(f[0]);
        const std::string conf(strip(f[1]));
        char* end = nullptr;
        t.confidence = std::strtod(conf.c_str(), &end);
        if (conf.empty() || end != conf.c_str() + conf.size() || std::isnan(t.confidence))
            fail("confidence '" + conf + "' is not a number");
        t.relation = std::string(f[2]);
        for (std::size_t k = 3; k < f.size(); ++k) t.args.emplace_back(f[k]);
        return t;
    });
}

void write_carb_prediction(std::ostream& out, const CarbTuple& t) {
    auto field = [&](std::string_view s) {
        for (char c : s) out << (c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
    };
    field(t.sentence);
    out << '\t' << t.confidence << '\t';
    field(t.relation);
    for (const auto& a : t.args) {
        out << '\t';
        field(a);
    }
    out << '\n';
}

std::string carb_sentence_key(std::string_view sentence) {
    std::string s;
    for (char c : sentence)
        if (c != ' ') s += c;
    static constexpr std::array<std::pair<std::string_view, char>, 6> kEscapes{{
        {"-LRB-", '('},
        {"-RRB-", ')'},
        {"-LSB-", '['},
        {"-RSB-", ']'},
        {"-LCB-", '{'},
        {"-RCB-", '}'},
    }};
    for (const auto& [escape, bracket] : kEscapes)
        for (std::size_t at = s.find(escape); at != std::string::npos; at = s.find(escape, at + 1))
            s.replace(at, escape.size(), 1, bracket);
    std::string key;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        const bool punct = u < 0x80 && ((u >= 0x21 && u <= 0x2f) || (u >= 0x3a && u <= 0x40) ||
                                        (u >= 0x5b && u <= 0x60) || (u >= 0x7b && u <= 0x7e));
        if (!punct) key += c;
    }
    return key;
}

CarbPairScore carb_match(const CarbTuple& gold, const CarbTuple& predicted) {
    const auto gold_args = binary_args(gold.args);
    const CarbPairScore straight =
        slot_match(gold.relation, gold_args, predicted.relation, binary_args(predicted.args));
    if (!said_type(gold.relation) || predicted.args.size() < 2) return straight;
    const std::vector<std::string> reversed{join_from(predicted.args, 1), predicted.args[0]};
    const CarbPairScore reverse =
        slot_match(gold.relation, gold_args, predicted.relation, reversed);
    // The better pair compares precision first, then recall (as the reference's max()).
    if (reverse.precision > straight.precision ||
        (reverse.precision == straight.precision && reverse.recall > straight.recall))
        return reverse;
    return straight;
}

CarbResult carb_score(const std::vector<CarbTuple>& gold, const std::vector<CarbTuple>& predicted) {
    CarbResult result;
    // Sentences that differ only in spaces or punctuation share a key and
    // their tuples. (The reference keeps one raw sentence's tuples per key, a
    // dict overwrite; CaRB dev has three sentences twice, once with a trailing
    // space, so there gold-as-prediction would miss a few tuples.)
    auto group = [](const std::vector<CarbTuple>& tuples) {
        std::map<std::string, std::vector<const CarbTuple*>> by_key;
        std::unordered_map<std::string, std::string> key_of;
        for (const CarbTuple& t : tuples) {
            auto [it, fresh] = key_of.try_emplace(t.sentence);
            if (fresh) it->second = carb_sentence_key(t.sentence);
            by_key[it->second].push_back(&t);
        }
        return by_key;
    };
    const auto gold_by_key = group(gold);
    const auto pred_by_key = group(predicted);

    std::vector<double> thresholds;
    for (const auto& [key, tuples] : pred_by_key)
        for (const CarbTuple* t : tuples) thresholds.push_back(t->confidence);
    std::sort(thresholds.begin(), thresholds.end());
    thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
    const std::size_t n = thresholds.size();
    std::vector<double> p(n, 0), pl(n, 0), r(n, 0), rl(n, 0);

    result.gold_sentences = gold_by_key.size();
    for (const auto& [key, tuples] : pred_by_key) {
        result.predicted_tuples += tuples.size();
        if (!gold_by_key.count(key)) ++result.predicted_unmatched_sentences;
    }
    for (const auto& [key, golds] : gold_by_key) {
        result.gold_tuples += golds.size();
        static const std::vector<const CarbTuple*> kNone;
        const auto it = pred_by_key.find(key);
        const auto& preds = it == pred_by_key.end() ? kNone : it->second;
        std::vector<std::vector<CarbPairScore>> scores(golds.size());
        for (std::size_t i = 0; i < golds.size(); ++i)
            for (const CarbTuple* pr : preds) scores[i].push_back(carb_match(*golds[i], *pr));

        std::vector<double> confs;
        for (const CarbTuple* pr : preds) confs.push_back(pr->confidence);
        std::sort(confs.begin(), confs.end());
        confs.erase(std::unique(confs.begin(), confs.end()), confs.end());
        std::size_t from = 0;
        for (double conf : confs) {
            const std::size_t c =
                std::lower_bound(thresholds.begin(), thresholds.end(), conf) - thresholds.begin();
            std::vector<std::size_t> live;
            for (std::size_t j = 0; j < preds.size(); ++j)
                if (preds[j]->confidence >= conf) live.push_back(j);
            double recall_sum = 0;
            for (const auto& row : scores) {
                double best = 0;
                for (std::size_t j : live) best = std::max(best, row[j].recall);
                recall_sum += best;
            }
            // One-to-one: repeatedly take the best remaining precision.
            double precision_sum = 0;
            std::vector<bool> row_used(golds.size(), false), col_used(preds.size(), false);
            const std::size_t rounds = std::min(golds.size(), live.size());
            for (std::size_t round = 0; round < rounds; ++round) {
                double best = -1;
                std::size_t bi = 0, bj = 0;
                for (std::size_t i = 0; i < golds.size(); ++i) {
                    if (row_used[i]) continue;
                    for (std::size_t j : live) {
                        if (col_used[j] || scores[i][j].precision <= best) continue;
                        best = scores[i][j].precision;
                        bi = i;
                        bj = j;
                    }
                }
                row_used[bi] = col_used[bj] = true;
                precision_sum += best;
            }
            for (std::size_t k = from; k <= c; ++k) {
                p[k] += precision_sum;
                pl[k] += static_cast<double>(live.size());
                r[k] += recall_sum;
                rl[k] += static_cast<double>(golds.size());
            }
            from = c + 1;
        }
        for (std::size_t k = from; k < n; ++k) rl[k] += static_cast<double>(golds.size());
    }

    for (std::size_t k = 0; k < n; ++k) {
        CarbPoint pt;
        pt.threshold = thresholds[k];
        pt.precision = pl[k] > 0 ? p[k] / pl[k] : 1.0;
        pt.recall = rl[k] > 0 ? r[k] / rl[k] : 0.0;
        pt.f1 = pt.precision + pt.recall > 0
                    ? 2 * pt.precision * pt.recall / (pt.precision + pt.recall)
                    : 0.0;
        result.curve.push_back(pt);
    }
    if (!result.curve.empty()) {
        result.all = result.curve.front();
        result.best =
            *std::max_element(result.curve.begin(), result.curve.end(),
                              [](const CarbPoint& a, const CarbPoint& b) { return a.f1 < b.f1; });
        // Recall never grows with the threshold, so the curve runs right to
        // left and ends at (0, 1).
        std::vector<std::pair<double, double>> xy;
        for (const auto& pt : result.curve) xy.emplace_back(pt.recall, pt.precision);
        xy.emplace_back(0.0, 1.0);
        double area = 0;
        bool decreasing = true;
        for (std::size_t k = 0; k + 1 < xy.size(); ++k) {
            area += (xy[k + 1].first - xy[k].first) * (xy[k].second + xy[k + 1].second) / 2;
            if (xy[k + 1].first > xy[k].first) decreasing = false;
        }
        result.auc = decreasing ? -area : area;
    }
    return result;
}

}  // namespace kg
