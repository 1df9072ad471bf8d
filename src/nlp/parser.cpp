#include "kg/nlp/parser.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <ostream>

#include "kg/error.hpp"
#include "kg/nlp/feature_hash.hpp"
#include "kg/nlp/model_file.hpp"
#include "kg/nlp/shuffle.hpp"
#include "kg/nlp/token_features.hpp"

namespace kg {
namespace {

using features::hash_string;
using features::mix;

enum Move { kShift = 0, kLeft = 1, kRight = 2 };
constexpr int kMoves = 3;
constexpr std::size_t kMaxFeatures = 192;

constexpr std::uint64_t kNone = 0x6e6f6e65ull;  // absent position
constexpr std::uint64_t kRootWord = 0x726f6f74ull;

// Per-word values the features combine; index 0 is ROOT.
struct Words {
    std::vector<std::uint64_t> w;    // lowercase form hash
    std::vector<std::uint64_t> p;    // XPOS hash
    std::vector<std::uint64_t> suf;  // 3-byte suffix hash
    std::vector<std::uint64_t> u;    // UPOS hash (tells AUX from VERB, PRON from DET)
    std::vector<std::uint64_t> lem;  // lemma hash (shares evidence across inflections)
    // Verbs at positions >= i, capped at 2 (index n + 1 = 0): tells whether a
    // clause head is still to come.
    std::vector<std::uint8_t> verbs_from;
};

void prepare(std::span<const Token> tokens, Words& words) {
    const std::size_t n = tokens.size();
    words.w.resize(n + 1);
    words.p.resize(n + 1);
    words.suf.resize(n + 1);
    words.u.resize(n + 1);
    words.u[0] = kRootWord;
    words.lem.resize(n + 1);
    words.lem[0] = kRootWord;
    words.w[0] = kRootWord;
    words.p[0] = kRootWord;
    words.suf[0] = kRootWord;
    for (std::size_t i = 0; i < n; ++i) {
        const WordHashes h = hash_word(tokens[i].form);
        words.w[i + 1] = h.lower;
        words.suf[i + 1] = h.suffix3;
        words.p[i + 1] = hash_string(tokens[i].xpos);
        words.u[i + 1] = hash_string(tokens[i].upos);
        words.lem[i + 1] = tokens[i].lemma.empty() ? h.lower : hash_string(tokens[i].lemma);
    }
    words.verbs_from.assign(n + 2, 0);
    for (std::size_t i = n; i >= 1; --i)
        words.verbs_from[i] = static_cast<std::uint8_t>(
            std::min(2, words.verbs_from[i + 1] + (tokens[i - 1].upos == "VERB" ? 1 : 0)));
}

struct State {
    int n = 0;  // words 1..n, 0 = ROOT
    std::vector<int> stack;
    int b = 1;  // buffer front; buffer is b..n
    std::vector<int> head, label;
    std::vector<int> lc1, lc2, rc1, rc2;    // left/rightmost two children, -1 = none
    std::vector<int> nl, nr;                // valency
    std::vector<std::uint64_t> lset, rset;  // label sets of left/right children

    void reset(int words) {
        n = words;
        stack.assign(1, 0);
        b = 1;
        const std::size_t m = static_cast<std::size_t>(n + 1);
        head.assign(m, -1);
        label.assign(m, -1);
        lc1.assign(m, -1);
        lc2.assign(m, -1);
        rc1.assign(m, -1);
        rc2.assign(m, -1);
        nl.assign(m, 0);
        nr.assign(m, 0);
        lset.assign(m, 0);
        rset.assign(m, 0);
    }
    bool done() const { return b > n && stack.size() == 1; }
    int s(std::size_t k) const { return stack.size() > k ? stack[stack.size() - 1 - k] : -1; }
    int buf(int k) const { return b + k <= n ? b + k : -1; }

    bool valid(int move) const {
        switch (move) {
            case kShift:
                return b <= n;
            case kLeft:
                return b <= n && stack.size() >= 2;
            default:
                return stack.size() >= 3 || (stack.size() == 2 && b > n);
        }
    }
    // The arc a move would add, as (head, dependent).
    std::pair<int, int> arc(int move) const {
        return move == kLeft ? std::pair(b, s(0)) : std::pair(s(1), s(0));
    }
    void add_arc(int h, int d, int l) {
        head[d] = h;
        label[d] = l;
        const std::uint64_t bit = l >= 0 && l < 64 ? (1ull << l) : 0;
        if (d < h) {
            if (lc1[h] == -1 || d < lc1[h]) {
                lc2[h] = lc1[h];
                lc1[h] = d;
            } else if (lc2[h] == -1 || d < lc2[h]) {
                lc2[h] = d;
            }
            ++nl[h];
            lset[h] |= bit;
        } else {
            if (rc1[h] == -1 || d > rc1[h]) {
                rc2[h] = rc1[h];
                rc1[h] = d;
            } else if (rc2[h] == -1 || d > rc2[h]) {
                rc2[h] = d;
            }
            ++nr[h];
            rset[h] |= bit;
        }
    }
    void apply(int move, int l) {
        if (move == kShift) {
            stack.push_back(b++);
            return;
        }
        const auto [h, d] = arc(move);
        add_arc(h, d, l);
        stack.pop_back();
    }
};

// Goldberg & Nivre (2013) arc-hybrid costs: gold arcs a move makes unreachable.
int move_cost(const State& st, int move, std::span<const int> gold) {
    const int s0 = st.s(0);
    const int b0 = st.b;
    int cost = 0;
    auto in_buffer = [&](int x) { return x >= st.b; };
    if (move == kShift) {
        for (std::size_t k = 0; k < st.stack.size(); ++k) {
            const int x = st.stack[k];
            if (x != s0 && gold[b0] == x) ++cost;
            if (x != 0 && gold[x] == b0) ++cost;
        }
        return cost;
    }
    const int s1 = st.s(1);
    if (move == kLeft) {
        if (gold[s0] != b0 && (gold[s0] == s1 || (gold[s0] > 0 && in_buffer(gold[s0])))) ++cost;
    } else {
        if (gold[s0] != s1 && gold[s0] > 0 && in_buffer(gold[s0])) ++cost;
    }
    for (int d = st.b; d <= st.n; ++d)
        if (gold[d] == s0) ++cost;
    return cost;
}

std::uint64_t dist_bucket(int a, int b) {
    const int d = std::abs(a - b);
    return static_cast<std::uint64_t>(d <= 5 ? d : d <= 7 ? 6 : d <= 10 ? 7 : d <= 15 ? 8 : 9);
}

std::uint64_t val_bucket(int v) {
    return static_cast<std::uint64_t>(std::min(v, 5));
}

struct View {
    const Words& words;
    const State& st;
    std::uint64_t w(int i) const { return i < 0 ? kNone : words.w[i]; }
    std::uint64_t p(int i) const { return i < 0 ? kNone : words.p[i]; }
    std::uint64_t u(int i) const { return i < 0 ? kNone : words.u[i]; }
    std::uint64_t m(int i) const { return i < 0 ? kNone : words.lem[i]; }
    std::uint64_t l(int i) const {
        return i < 0 ? kNone : static_cast<std::uint64_t>(st.label[i] + 7);
    }
    int lc1(int i) const { return i < 0 ? -1 : st.lc1[i]; }
    int lc2(int i) const { return i < 0 ? -1 : st.lc2[i]; }
    int rc1(int i) const { return i < 0 ? -1 : st.rc1[i]; }
    int rc2(int i) const { return i < 0 ? -1 : st.rc2[i]; }
};

// `f` is __restrict: the features never alias the word and state tables, so
// the compiler keeps values it loaded from them across the stores to f.
std::size_t move_features(const Words& words, const State& st, std::uint64_t* __restrict f) {
    const View v{words, st};
    const int s0 = st.s(0), s1 = st.s(1), s2 = st.s(2);
    const int b0 = st.buf(0), b1 = st.buf(1), b2 = st.buf(2);
    const std::uint64_t s0w = v.w(s0), s0p = v.p(s0), s1w = v.w(s1), s1p = v.p(s1);
    const std::uint64_t b0w = v.w(b0), b0p = v.p(b0), b1w = v.w(b1), b1p = v.p(b1);
    const std::uint64_t b2w = v.w(b2), b2p = v.p(b2), s2w = v.w(s2), s2p = v.p(s2);
    const int s0l = v.lc1(s0), s0l2 = v.lc2(s0), s0r = v.rc1(s0), s0r2 = v.rc2(s0);
    const int s1l = v.lc1(s1), s1r = v.rc1(s1), s1r2 = v.rc2(s1);
    const int b0l = v.lc1(b0), b0l2 = v.lc2(b0);
    const std::uint64_t d0 = b0 >= 0 && s0 > 0 ? dist_bucket(s0, b0) : 99;
    const std::uint64_t d1 = s1 > 0 && s0 > 0 ? dist_bucket(s1, s0) : 99;
    const std::uint64_t s0wp = mix(s0w, s0p), s1wp = mix(s1w, s1p), b0wp = mix(b0w, b0p);
    std::size_t k = 0;
    auto add = [&](std::uint64_t t, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) {
        f[k++] = mix(t * 0x1000 + 77, a, b, c);
    };
    // clang-format off
    // Single positions.
    add(1, s0wp); add(2, s0w); add(3, s0p);
    add(4, s1wp); add(5, s1w); add(6, s1p);
    add(7, b0wp); add(8, b0w); add(9, b0p);
    add(10, b1w, b1p); add(11, b1w); add(12, b1p);
    add(13, b2w, b2p); add(14, b2p); add(15, s2p); add(16, s2w);
    // Pairs: s0-b0 (LEFT) and s1-s0 (RIGHT).
    add(20, s0wp, b0wp); add(21, s0wp, b0w); add(22, s0w, b0wp); add(23, s0wp, b0p);
    add(24, s0p, b0wp); add(25, s0w, b0w); add(26, s0p, b0p); add(27, b0p, b1p);
    add(28, s1wp, s0wp); add(29, s1wp, s0w); add(30, s1w, s0wp); add(31, s1wp, s0p);
    add(32, s1p, s0wp); add(33, s1w, s0w); add(34, s1p, s0p); add(35, s1p, b0p);
    add(36, s1w, b0w);
    // Triples of tags.
    add(40, b0p, b1p, b2p); add(41, s0p, b0p, b1p); add(42, s1p, s0p, b0p);
    add(43, s2p, s1p, s0p); add(44, s0p, v.p(s0l), b0p); add(45, s0p, v.p(s0r), b0p);
    add(46, s0p, b0p, v.p(b0l)); add(47, s1p, s0p, v.p(s0l)); add(48, s1p, s0p, v.p(s0r));
    add(49, s1p, v.p(s1r), s0p); add(50, s1p, v.p(s1l), s0p); add(51, s1p, s0p, b1p);
    add(52, s0w, b0p, b1p); add(53, s1p, s0w, b0p);
    // Distance.
    add(60, s0w, d0); add(61, s0p, d0); add(62, b0w, d0); add(63, b0p, d0);
    add(64, s0w, b0w, d0); add(65, s0p, b0p, d0); add(66, s1w, d1); add(67, s1p, d1);
    add(68, s0w, d1); add(69, s0p, d1); add(70, s1w, s0w, d1); add(71, s1p, s0p, d1);
    // Valency.
    const std::uint64_t s0vl = s0 >= 0 ? val_bucket(st.nl[s0]) : 9;
    const std::uint64_t s0vr = s0 >= 0 ? val_bucket(st.nr[s0]) : 9;
    const std::uint64_t s1vl = s1 >= 0 ? val_bucket(st.nl[s1]) : 9;
    const std::uint64_t s1vr = s1 >= 0 ? val_bucket(st.nr[s1]) : 9;
    const std::uint64_t b0vl = b0 >= 0 ? val_bucket(st.nl[b0]) : 9;
    add(80, s0w, s0vr); add(81, s0p, s0vr); add(82, s0w, s0vl); add(83, s0p, s0vl);
    add(84, b0w, b0vl); add(85, b0p, b0vl); add(86, s1w, s1vr); add(87, s1p, s1vr);
    add(88, s1p, s1vl);
    // Children: words, tags, labels.
    add(90, v.w(s0l)); add(91, v.p(s0l)); add(92, v.l(s0l));
    add(93, v.w(s0r)); add(94, v.p(s0r)); add(95, v.l(s0r));
    add(96, v.w(b0l)); add(97, v.p(b0l)); add(98, v.l(b0l));
    add(99, v.w(s1r)); add(100, v.p(s1r)); add(101, v.l(s1r));
    add(102, v.w(s1l)); add(103, v.p(s1l)); add(104, v.l(s1l));
    // Second-order children.
    add(110, v.w(s0l2)); add(111, v.p(s0l2)); add(112, v.l(s0l2));
    add(113, v.w(s0r2)); add(114, v.p(s0r2)); add(115, v.l(s0r2));
    add(116, v.w(b0l2)); add(117, v.p(b0l2)); add(118, v.l(b0l2));
    add(119, s0p, v.p(s0l), v.p(s0l2)); add(120, s0p, v.p(s0r), v.p(s0r2));
    add(121, b0p, v.p(b0l), v.p(b0l2)); add(122, s1p, v.p(s1r), v.p(s1r2));
    // Label sets.
    const std::uint64_t s0sl = s0 >= 0 ? st.lset[s0] : 1, s0sr = s0 >= 0 ? st.rset[s0] : 1;
    const std::uint64_t b0sl = b0 >= 0 ? st.lset[b0] : 1;
    const std::uint64_t s1sr = s1 >= 0 ? st.rset[s1] : 1, s1sl = s1 >= 0 ? st.lset[s1] : 1;
    add(130, s0w, s0sr); add(131, s0p, s0sr); add(132, s0w, s0sl); add(133, s0p, s0sl);
    add(134, b0w, b0sl); add(135, b0p, b0sl); add(136, s1w, s1sr); add(137, s1p, s1sr);
    add(138, s1p, s1sl);
    // Lexicalised context for the buffer edge; suffixes generalise rare words.
    add(140, s0p, v.w(b1)); add(141, b0w, b1w); add(142, v.p(b0 > 0 ? b0 - 1 : -1), b0p);
    add(143, s0 > 0 ? words.suf[s0] : kNone, b0 > 0 ? words.suf[b0] : kNone);
    add(144, b0 >= 0 ? b0 == st.n : 2, s0p);
    // UPOS.
    add(150, v.u(s0), v.u(b0)); add(151, v.u(s1), v.u(s0)); add(152, v.u(s1), v.u(s0), v.u(b0));
    add(153, v.u(s0), v.u(b0), v.u(b1)); add(154, v.u(s0), b0w); add(155, s0w, v.u(b0));
    // Lemmas.
    add(160, v.m(s0)); add(161, v.m(b0)); add(162, v.m(s1)); add(163, v.m(s0), v.m(b0));
    add(164, v.m(s1), v.m(s0)); add(165, v.m(s0), b0p); add(166, s0p, v.m(b0));
    add(167, v.m(s1), s0p); add(168, s1p, v.m(s0));
    // Verbs ahead, label pairs of children, lexical triples.
    const std::uint64_t vb0 = b0 >= 0 ? words.verbs_from[b0] : 3;
    const std::uint64_t vb1 = b1 >= 0 ? words.verbs_from[b1] : 3;
    add(170, s0p, vb0); add(171, s0p, b0p, vb1); add(172, s1p, s0p, vb0);
    add(173, s0p, v.l(s0l), v.l(s0r)); add(174, s0p, b0p, v.l(b0l));
    add(175, s1p, v.l(s1l), v.l(s1r)); add(176, s0w, b0w, b1p);
    add(177, v.u(s0), v.m(b0)); add(178, v.m(s0), v.u(b0)); add(179, s1w, s0p, b0p);
    // clang-format on
    return k;
}

// (`f` is __restrict for the same reason as in move_features.)
std::size_t label_features(const Words& words, const State& st, int h, int d,
                           std::uint64_t* __restrict f) {
    const View v{words, st};
    const std::uint64_t hw = v.w(h), hp = v.p(h), dw = v.w(d), dp = v.p(d);
    const std::uint64_t dir = d < h ? 1 : 2;
    const std::uint64_t dist = dist_bucket(h, d);
    const int dl = st.lc1[d], dl2 = st.lc2[d], dr = st.rc1[d];
    const int hl = st.lc1[h], hr = st.rc1[h];
    std::size_t k = 0;
    auto add = [&](std::uint64_t t, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) {
        f[k++] = mix(t * 0x1000 + 91, a, b, c);
    };
    // clang-format off
    add(1, 0); add(2, dw); add(3, dp); add(4, hw); add(5, hp);
    add(6, dw, dp); add(7, hw, hp); add(8, hp, dp, dir); add(9, hw, dp, dir);
    add(10, hp, dw, dir); add(11, hw, dw); add(12, hp, dp, dist); add(13, dp, dir, dist);
    add(14, words.suf[d], dp); add(15, h == 0, dp);
    add(20, v.w(dl), dp); add(21, v.p(dl), dp); add(22, v.l(dl), dp); add(23, v.w(dl2), dp);
    add(24, v.w(dr), dp); add(25, v.p(dr), dp); add(26, v.l(dr), dp);
    add(27, st.lset[d], dp); add(28, st.rset[d], dp); add(29, st.lset[d], hp, dir);
    add(30, v.w(dl), hp, dp); add(31, v.p(dl), hp, dp);
    add(32, d < h ? st.lset[h] : st.rset[h], dp, dir);
    add(33, v.l(hl), dp, dir); add(34, v.l(hr), dp, dir);
    add(35, v.p(d - 1 >= 0 ? d - 1 : -1), dp, hp); add(36, v.p(d + 1 <= st.n ? d + 1 : -1), dp, hp);
    add(37, (st.nl[d] > 0) * 2 + (st.nr[d] > 0), dp, hp);
    add(38, hw, dw, dp);
    add(39, v.p(st.head[h] >= 0 ? st.head[h] : -1), hp, dp);
    const std::uint64_t hu = v.u(h), du = v.u(d);
    add(40, du, hu, dir); add(41, du, hw); add(42, dw, hu); add(43, du, v.w(dl), hu);
    add(44, du, v.u(dl), v.u(dl2)); add(45, du, hu, st.lset[d]); add(46, du, dist, dir);
    add(47, du, v.u(d - 1 >= 0 ? d - 1 : -1)); add(48, du, v.u(d + 1 <= st.n ? d + 1 : -1));
    add(50, v.m(d), v.m(h)); add(51, v.m(d), hp, dir); add(52, v.m(h), dp, dir);
    add(53, v.m(h), v.w(dl), dp);
    // clang-format on
    return k;
}

int n_valid(const State& st) {
    return st.valid(kShift) + st.valid(kLeft) + st.valid(kRight);
}

template <typename Scores>
int best_valid(const State& st, const Scores& scores) {
    int best = -1;
    for (int m = 0; m < kMoves; ++m)
        if (st.valid(m) && (best < 0 || scores[m] > scores[best])) best = m;
    return best;
}

}  // namespace

void Parser::log_dev_scores(const Parser& parser, std::span<const Sentence> dev,
                            std::ostream& log) {
    std::size_t uas = 0, las = 0, total = 0;
    for (const Sentence& gold : dev) {
        Sentence s = gold;
        parser.parse(s);
        for (std::size_t i = 0; i < s.tokens.size(); ++i) {
            const bool h = s.tokens[i].head == gold.tokens[i].head;
            uas += h;
            las += h && s.tokens[i].deprel == gold.tokens[i].deprel;
            ++total;
        }
    }
    log << "parser dev (tags as given): UAS " << 100.0 * uas / total << " LAS "
        << 100.0 * las / total << " (" << parser.moves_.n_features() << " + "
        << parser.labels_.n_features() << " feature rows)\n";
}

void Parser::parse(Sentence& sentence) const {
    const int n = static_cast<int>(sentence.tokens.size());
    if (n == 0) return;
    Words words;
    prepare(sentence.tokens, words);
    State st;
    st.reset(n);
    std::uint64_t f[kMaxFeatures];
    std::vector<float> lscores(label_names_.size());
    while (!st.done()) {
        float scores[kMoves] = {0, 0, 0};
        if (n_valid(st) > 1) {
            const std::size_t k = move_features(words, st, f);
            moves_.score(std::span(f, k), std::span(scores, kMoves));
        }
        const int move = best_valid(st, scores);
        int label = -1;
        if (move != kShift) {
            const auto [h, d] = st.arc(move);
            const std::size_t lk = label_features(words, st, h, d, f);
            std::fill(lscores.begin(), lscores.end(), 0.0f);
            labels_.score(std::span(f, lk), lscores);
            label = best_class(lscores);
        }
        st.apply(move, label);
    }
    for (int i = 1; i <= n; ++i) {
        Token& t = sentence.tokens[i - 1];
        t.head = st.head[i];
        t.deprel = label_names_[st.label[i]];
    }
}

Parser Parser::train(std::span<const Sentence> train, std::span<const Sentence> dev,
                     const ParserTrainOptions& options) {
    Parser parser;
    std::map<std::string, int> label_ids;
    for (const Sentence& s : train)
        for (const Token& t : s.tokens) label_ids.emplace(t.deprel, 0);
    if (label_ids.size() > 64)
        throw Error("parser: more than 64 dependency labels in training data");
    for (auto& [name, id] : label_ids) {
        id = static_cast<int>(parser.label_names_.size());
        parser.label_names_.push_back(name);
    }

    std::vector<Words> words(train.size());
    std::vector<std::vector<int>> gold_head(train.size()), gold_label(train.size());
    for (std::size_t s = 0; s < train.size(); ++s) {
        prepare(train[s].tokens, words[s]);
        gold_head[s].push_back(-1);
        gold_label[s].push_back(-1);
        for (const Token& t : train[s].tokens) {
            gold_head[s].push_back(t.head);
            gold_label[s].push_back(label_ids.at(t.deprel));
        }
    }
    std::uint64_t f[kMaxFeatures];
    std::vector<float> lscores(label_ids.size());
    State st;
    // An ensemble is the mean of models trained with different seeds (their
    // explorations and shuffles differ); one run keeps the model as trained.
    const int runs = std::max(1, options.ensemble);
    Perceptron moves_sum(kMoves), labels_sum(static_cast<int>(label_ids.size()));
    for (int run = 0; run < runs; ++run) {
        parser.moves_ = Perceptron(kMoves);
        parser.labels_ = Perceptron(static_cast<int>(label_ids.size()));
        std::vector<std::size_t> order(train.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        SplitMix rng(options.seed + 1000 * static_cast<std::uint64_t>(run));
        for (int epoch = 0; epoch < options.epochs; ++epoch) {
            shuffle(order, rng);
            std::size_t moves = 0, wrong = 0, arcs = 0, wrong_labels = 0;
            for (std::size_t s : order) {
                const auto& gh = gold_head[s];
                st.reset(static_cast<int>(train[s].tokens.size()));
                while (!st.done()) {
                    float scores[kMoves] = {0, 0, 0};
                    if (n_valid(st) == 1) {  // forced: nothing to learn or score
                        const int move = best_valid(st, scores);
                        int label = -1;
                        if (move != kShift) {
                            const auto [h, d] = st.arc(move);
                            const std::size_t lk = label_features(words[s], st, h, d, f);
                            std::fill(lscores.begin(), lscores.end(), 0.0f);
                            parser.labels_.score(std::span(f, lk), lscores);
                            label = best_class(lscores);
                            if (gh[d] == h) {
                                const int gold = gold_label[s][d];
                                parser.labels_.update(std::span(f, lk), gold, label);
                                parser.labels_.tick();
                                ++arcs;
                                wrong_labels += label != gold;
                            }
                        }
                        st.apply(move, label);
                        continue;
                    }
                    const std::size_t k = move_features(words[s], st, f);
                    parser.moves_.score(std::span(f, k), std::span(scores, kMoves));
                    const int pred = best_valid(st, scores);
                    int costs[kMoves];
                    int min_cost = std::numeric_limits<int>::max();
                    for (int m = 0; m < kMoves; ++m) {
                        costs[m] =
                            st.valid(m) ? move_cost(st, m, gh) : std::numeric_limits<int>::max();
                        min_cost = std::min(min_cost, costs[m]);
                    }
                    int best_gold = -1;
                    for (int m = 0; m < kMoves; ++m)
                        if (costs[m] == min_cost &&
                            (best_gold < 0 || scores[m] > scores[best_gold]))
                            best_gold = m;
                    if (costs[pred] > min_cost) {
                        parser.moves_.update(std::span(f, k), best_gold, pred);
                        ++wrong;
                    }
                    parser.moves_.tick();
                    ++moves;
                    const bool explore =
                        epoch >= options.explore_from && rng.uniform() < options.explore;
                    const int move = explore ? pred : best_gold;
                    int label = -1;
                    if (move != kShift) {
                        const auto [h, d] = st.arc(move);
                        const std::size_t lk = label_features(words[s], st, h, d, f);
                        std::fill(lscores.begin(), lscores.end(), 0.0f);
                        parser.labels_.score(std::span(f, lk), lscores);
                        label = best_class(lscores);
                        if (gh[d] == h) {
                            const int gold = gold_label[s][d];
                            parser.labels_.update(std::span(f, lk), gold, label);
                            parser.labels_.tick();
                            ++arcs;
                            wrong_labels += label != gold;
                        }
                    }
                    st.apply(move, label);
                }
            }
            if (options.log)
                *options.log << "parser epoch " << epoch + 1 << ": move errors "
                             << 100.0 * wrong / std::max<std::size_t>(moves, 1)
                             << "%, label errors "
                             << 100.0 * wrong_labels / std::max<std::size_t>(arcs, 1) << "%\n";
            if (options.log && !dev.empty() && options.report_from > 0 &&
                epoch + 1 >= options.report_from && epoch + 1 < options.epochs) {
                Parser snapshot;
                snapshot.label_names_ = parser.label_names_;
                snapshot.moves_ = parser.moves_.averaged(options.prune_below);
                snapshot.labels_ = parser.labels_.averaged(options.label_prune_below);
                log_dev_scores(snapshot, dev, *options.log);
            }
        }
        if (runs > 1) {
            const float share = 1.0f / static_cast<float>(runs);
            moves_sum.add_averaged(parser.moves_, share);
            labels_sum.add_averaged(parser.labels_, share);
            if (options.log && !dev.empty()) {
                *options.log << "ensemble member " << run + 1 << ": ";
                Parser member;
                member.label_names_ = parser.label_names_;
                member.moves_ = parser.moves_.averaged(options.prune_below);
                member.labels_ = parser.labels_.averaged(options.label_prune_below);
                log_dev_scores(member, dev, *options.log);
            }
        }
    }
    if (runs > 1) {
        parser.moves_ = std::move(moves_sum);
        parser.labels_ = std::move(labels_sum);
    }
    parser.moves_.finish(options.prune_below);
    parser.labels_.finish(options.label_prune_below);
    if (options.log && !dev.empty()) log_dev_scores(parser, dev, *options.log);
    return parser;
}

void Parser::save(const std::filesystem::path& path, std::string_view header) const {
    ModelWriter w;
    w.put_string(kFeatureConfig);
    w.put_u32(static_cast<std::uint32_t>(label_names_.size()));
    for (const auto& l : label_names_) w.put_string(l);
    moves_.save(w);
    labels_.save(w);
    w.save(path, "parser", header);
}

Parser Parser::load(const std::filesystem::path& path) {
    ModelReader r(path, "parser");
    if (r.get_string() != kFeatureConfig)
        r.fail("parser feature configuration differs from this kg build (retrain the models)");
    Parser p;
    const std::uint32_t n = r.get_u32();
    if (n == 0 || n > 64) r.fail("bad label count");
    for (std::uint32_t i = 0; i < n; ++i) p.label_names_.push_back(r.get_string());
    p.moves_.load(r);
    p.labels_.load(r);
    if (p.moves_.n_classes() != kMoves || p.labels_.n_classes() != static_cast<int>(n))
        r.fail("weight tables do not match the transition/label sets");
    r.expect_end();
    return p;
}

}  // namespace kg
