#include "kg/nlp/tagger.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <unordered_map>

#include "kg/error.hpp"
#include "kg/nlp/feature_hash.hpp"
#include "kg/nlp/model_file.hpp"
#include "kg/nlp/shuffle.hpp"
#include "kg/nlp/token_features.hpp"

namespace kg {
namespace {

using features::mix;

constexpr std::size_t kMaxFeatures = 64;

// Features of position i given the predicted classes of i-1 and i-2 (-1 = none).
// (`f` is __restrict so that stores to it do not force reloads of the hashes.)
std::size_t extract(const std::vector<TokenHashes>& h, const std::vector<std::uint64_t>& amb,
                    std::size_t i, int p1, int p2, std::uint64_t* __restrict f) {
    const std::size_t n = h.size();
    auto ac = [&](long j) { return j < 0 || j >= static_cast<long>(n) ? kNoWord : amb[j]; };
    auto lower = [&](long j) { return j < 0 || j >= static_cast<long>(n) ? kNoWord : h[j].lower; };
    auto suf3 = [&](long j) {
        return j < 0 || j >= static_cast<long>(n) ? kNoWord : h[j].suffix[2];
    };
    auto shape = [&](long j) { return j < 0 || j >= static_cast<long>(n) ? kNoWord : h[j].shape; };
    const long j = static_cast<long>(i);
    const TokenHashes& t = h[i];
    const std::uint64_t t1 = static_cast<std::uint64_t>(p1 + 2);
    const std::uint64_t t2 = static_cast<std::uint64_t>(p2 + 2);
    std::size_t k = 0;
    f[k++] = mix(1, 0);
    f[k++] = mix(2, t.form);
    f[k++] = mix(3, t.lower);
    for (int a = 0; a < 3; ++a) f[k++] = mix(4 + a, t.prefix[a]);
    for (int a = 0; a < 4; ++a) f[k++] = mix(7 + a, t.suffix[a]);
    f[k++] = mix(11, t.shape);
    f[k++] = mix(12, t.flags, i == 0);
    f[k++] = mix(13, t1);
    f[k++] = mix(14, t1, t2);
    f[k++] = mix(15, t1, t.lower);
    f[k++] = mix(16, lower(j - 1));
    f[k++] = mix(17, suf3(j - 1));
    f[k++] = mix(18, lower(j + 1));
    f[k++] = mix(19, suf3(j + 1));
    f[k++] = mix(20, lower(j - 2));
    f[k++] = mix(21, lower(j + 2));
    f[k++] = mix(22, lower(j - 1), t.lower);
    f[k++] = mix(23, t.lower, lower(j + 1));
    f[k++] = mix(24, shape(j + 1));
    f[k++] = mix(25, shape(j - 1));
    f[k++] = mix(26, t1, lower(j + 1));
    f[k++] = mix(27, t1, t.suffix[2]);
    f[k++] = mix(28, lower(j - 1), lower(j + 1));
    f[k++] = mix(29, t.suffix[2], lower(j + 1));
    f[k++] = mix(30, suf3(j + 2));
    f[k++] = mix(31, t.shape, shape(j + 1), i == 0);
    f[k++] = mix(32, t1, t.shape);
    // Ambiguity classes (tag sets seen in training) look ahead without a second pass.
    f[k++] = mix(40, ac(j));
    f[k++] = mix(41, ac(j + 1));
    f[k++] = mix(42, ac(j + 2));
    f[k++] = mix(43, t1, ac(j));
    f[k++] = mix(44, ac(j), ac(j + 1));
    f[k++] = mix(45, t1, ac(j + 1));
    f[k++] = mix(46, t.lower, ac(j + 1));
    f[k++] = mix(47, ac(j - 1), ac(j), ac(j + 1));
    f[k++] = mix(48, t.suffix[2], ac(j + 1));
    return k;
}

}  // namespace

void Tagger::ambiguity_classes(const std::vector<TokenHashes>& h,
                               std::vector<std::uint64_t>& out) const {
    out.resize(h.size());
    for (std::size_t i = 0; i < h.size(); ++i) {
        const std::uint64_t* set = ambiguity_.find(h[i].lower);
        out[i] = set ? *set : 0;
    }
}

void Tagger::predict(std::span<const Token> tokens, std::vector<int>& classes) const {
    std::vector<TokenHashes> h;
    hash_tokens(tokens, h);
    std::vector<std::uint64_t> amb;
    ambiguity_classes(h, amb);
    classes.assign(tokens.size(), -1);
    std::vector<float> scores(upos_.size());
    std::uint64_t f[kMaxFeatures];
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const int p1 = i > 0 ? classes[i - 1] : -1;
        const int p2 = i > 1 ? classes[i - 2] : -1;
        const std::size_t k = extract(h, amb, i, p1, p2, f);
        std::fill(scores.begin(), scores.end(), 0.0f);
        model_.score(std::span(f, k), scores);
        classes[i] = best_class(scores);
    }
}

void Tagger::tag(Sentence& sentence) const {
    std::vector<int> classes;
    predict(sentence.tokens, classes);
    for (std::size_t i = 0; i < classes.size(); ++i) {
        sentence.tokens[i].upos = upos_[classes[i]];
        sentence.tokens[i].xpos = xpos_[classes[i]];
    }
}

Tagger Tagger::train(std::span<const Sentence> train, std::span<const Sentence> dev,
                     const TaggerTrainOptions& options) {
    Tagger tagger;
    std::map<std::pair<std::string, std::string>, int> ids;
    for (const Sentence& s : train)
        for (const Token& t : s.tokens) ids.emplace(std::pair(t.upos, t.xpos), 0);
    if (ids.size() > 255) throw Error("tagger: more than 255 (UPOS, XPOS) pairs in training data");
    for (auto& [key, id] : ids) {
        id = static_cast<int>(tagger.upos_.size());
        tagger.upos_.push_back(key.first);
        tagger.xpos_.push_back(key.second);
    }
    tagger.model_ = Perceptron(static_cast<int>(ids.size()));

    std::vector<std::vector<TokenHashes>> hashes(train.size());
    std::vector<std::vector<int>> gold(train.size());
    for (std::size_t s = 0; s < train.size(); ++s) {
        hash_tokens(train[s].tokens, hashes[s]);
        for (const Token& t : train[s].tokens) gold[s].push_back(ids.at({t.upos, t.xpos}));
    }
    // Ambiguity classes from words seen at least 3 times; rarer words would
    // make the class a copy of the gold tag during training.
    {
        std::unordered_map<std::uint64_t, std::map<int, int>> counts;
        for (std::size_t s = 0; s < train.size(); ++s)
            for (std::size_t i = 0; i < hashes[s].size(); ++i)
                ++counts[hashes[s][i].lower][gold[s][i]];
        for (const auto& [word, tags] : counts) {
            int total = 0;
            for (auto [c, k] : tags) total += k;
            if (total < 3) continue;
            std::uint64_t set = 0x51;
            for (auto [c, k] : tags)
                if (k * 20 >= total) set = mix(set, static_cast<std::uint64_t>(c));
            tagger.ambiguity_.emplace(word, set);
        }
    }
    std::vector<std::vector<std::uint64_t>> amb(train.size());
    for (std::size_t s = 0; s < train.size(); ++s) tagger.ambiguity_classes(hashes[s], amb[s]);
    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    SplitMix rng(options.seed);
    std::vector<float> scores(ids.size());
    std::uint64_t f[kMaxFeatures];
    std::vector<int> pred;
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        shuffle(order, rng);
        std::size_t correct = 0, total = 0;
        for (std::size_t s : order) {
            const auto& h = hashes[s];
            pred.assign(h.size(), -1);
            for (std::size_t i = 0; i < h.size(); ++i) {
                const std::size_t k =
                    extract(h, amb[s], i, i > 0 ? pred[i - 1] : -1, i > 1 ? pred[i - 2] : -1, f);
                std::fill(scores.begin(), scores.end(), 0.0f);
                tagger.model_.score(std::span(f, k), scores);
                pred[i] = best_class(scores);
                tagger.model_.update(std::span(f, k), gold[s][i], pred[i]);
                tagger.model_.tick();
                correct += pred[i] == gold[s][i];
                ++total;
            }
        }
        if (options.log)
            *options.log << "tagger epoch " << epoch + 1 << ": train acc "
                         << 100.0 * correct / std::max<std::size_t>(total, 1) << "\n";
    }
    tagger.model_.finish(options.prune_below);
    if (options.log && !dev.empty()) {
        std::size_t upos = 0, xpos = 0, total = 0;
        std::vector<int> classes;
        for (const Sentence& s : dev) {
            tagger.predict(s.tokens, classes);
            for (std::size_t i = 0; i < classes.size(); ++i) {
                upos += tagger.upos_[classes[i]] == s.tokens[i].upos;
                xpos += tagger.xpos_[classes[i]] == s.tokens[i].xpos;
                ++total;
            }
        }
        *options.log << "tagger dev: UPOS " << 100.0 * upos / total << " XPOS "
                     << 100.0 * xpos / total << " (" << tagger.model_.n_features()
                     << " feature rows)\n";
    }
    return tagger;
}

void Tagger::save(const std::filesystem::path& path, std::string_view header) const {
    ModelWriter w;
    w.put_string(kFeatureConfig);
    w.put_u32(static_cast<std::uint32_t>(upos_.size()));
    for (std::size_t c = 0; c < upos_.size(); ++c) {
        w.put_string(upos_[c]);
        w.put_string(xpos_[c]);
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> amb = ambiguity_.items();
    std::sort(amb.begin(), amb.end());  // byte-identical files for identical training
    w.put_u64(amb.size());
    for (auto [word, set] : amb) {
        w.put_u64(word);
        w.put_u64(set);
    }
    model_.save(w);
    w.save(path, "tagger", header);
}

Tagger Tagger::load(const std::filesystem::path& path) {
    ModelReader r(path, "tagger");
    if (r.get_string() != kFeatureConfig)
        r.fail("tagger feature configuration differs from this kg build (retrain the models)");
    Tagger t;
    const std::uint32_t n = r.get_u32();
    if (n == 0 || n > 255) r.fail("bad tag count");
    for (std::uint32_t c = 0; c < n; ++c) {
        t.upos_.push_back(r.get_string());
        t.xpos_.push_back(r.get_string());
    }
    const std::uint64_t n_amb = r.get_u64();
    t.ambiguity_.reserve(n_amb);
    for (std::uint64_t i = 0; i < n_amb; ++i) {
        const std::uint64_t word = r.get_u64();
        t.ambiguity_.emplace(word, r.get_u64());
    }
    t.model_.load(r);
    if (t.model_.n_classes() != static_cast<int>(n)) r.fail("weight table does not match tag set");
    r.expect_end();
    return t;
}

}  // namespace kg
