#include "kg/extract/entity_tagger.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <ostream>

#include "kg/data_files.hpp"
#include "kg/error.hpp"
#include "kg/nlp/feature_hash.hpp"
#include "kg/nlp/model_file.hpp"
#include "kg/nlp/shuffle.hpp"
#include "kg/nlp/token_features.hpp"

namespace kg {
namespace {

using features::hash_string;
using features::mix;

// Classes: 0 = O, then 4 per type in EntityType order: B, I, L, U.
constexpr int kTypes = 6;
constexpr int kClasses = 1 + 4 * kTypes;
enum Part : int { kBegin = 0, kInside = 1, kLast = 2, kUnit = 3 };
constexpr int class_of(int type, Part part) {
    return 1 + type * 4 + part;
}
constexpr int type_of(int cls) {
    return (cls - 1) / 4;
}
constexpr Part part_of(int cls) {
    return static_cast<Part>((cls - 1) % 4);
}
// A name is open after B or I: only I or L of the same type may follow.
constexpr bool opens(int cls) {
    return cls > 0 && (part_of(cls) == kBegin || part_of(cls) == kInside);
}
bool allowed(int prev, int cls, bool last_token) {
    if (prev > 0 && opens(prev))
        return cls > 0 && type_of(cls) == type_of(prev) &&
               (part_of(cls) == kInside || part_of(cls) == kLast) &&
               !(last_token && part_of(cls) == kInside);
    if (cls == 0) return true;
    const Part p = part_of(cls);
    if (p == kInside || p == kLast) return false;
    return !(last_token && p == kBegin);
}

// The cue classes the per-word features see. The organization gazetteer and
// the not-name list are about whole names: as word features they cost the
// tagger a point of dev F1 (GUM has few of those names), so only the typer's
// whole-name feature and the rules in tag() use them.
constexpr std::uint32_t kWordCueClasses = ~(kCueOrganization | kCueNotName);

// The confidence of a gazetteer organization the tagger did not find.
constexpr float kGazetteerConfidence = 0.9f;

constexpr std::size_t kMaxFeatures = 64;
constexpr std::size_t kMaxSpanFeatures = 96;

}  // namespace

// Per-token hashes of one sentence, computed once before decoding.
struct EntityTagger::Context {
    std::vector<TokenHashes> h;
    std::vector<std::uint64_t> upos, xpos, cue, dep, head_upos, head_lower, head_lemma;
    std::vector<int> head;  // 0-based head index, -1 for the root or unparsed
    std::span<const Token> tokens;
    const EntityCues* cues;

    Context(const Sentence& s, const EntityCues& c) : tokens(s.tokens), cues(&c) {
        const auto& tok = s.tokens;
        hash_tokens(tok, h);
        const std::size_t n = tok.size();
        std::vector<std::uint32_t> cue_classes;
        c.mark(tok, cue_classes);
        upos.resize(n);
        xpos.resize(n);
        cue.resize(n);
        dep.resize(n);
        head_upos.resize(n);
        head_lower.resize(n);
        head_lemma.resize(n);
        head.assign(n, -1);
        for (std::size_t i = 0; i < n; ++i) {
            upos[i] = hash_string(tok[i].upos);
            xpos[i] = hash_string(tok[i].xpos);
            cue[i] = (cue_classes[i] & kWordCueClasses) + 1;
            dep[i] = hash_string(tok[i].deprel);
            const int hd = tok[i].head;
            if (hd >= 1 && hd <= static_cast<int>(n)) {
                head_upos[i] = mix(upos[hd - 1], hd - 1 < static_cast<int>(i) ? 1 : 2);
                head_lower[i] = h[hd - 1].lower;
                head_lemma[i] = hash_string(tok[hd - 1].lemma);
                head[i] = hd - 1;
            } else {
                head_upos[i] = head_lower[i] = head_lemma[i] = hd == 0 ? 3 : kNoWord;
            }
        }
    }

    std::size_t extract(std::size_t i, int p1, int p2, std::uint64_t* f) const {
        const long n = static_cast<long>(h.size());
        const long j = static_cast<long>(i);
        auto at = [&](const std::vector<std::uint64_t>& v, long k) {
            return k < 0 || k >= n ? kNoWord : v[k];
        };
        auto lower = [&](long k) { return k < 0 || k >= n ? kNoWord : h[k].lower; };
        auto shape = [&](long k) { return k < 0 || k >= n ? kNoWord : h[k].shape; };
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
        f[k++] = mix(13, upos[i]);
        f[k++] = mix(14, xpos[i]);
        f[k++] = mix(15, lower(j - 1));
        f[k++] = mix(16, lower(j + 1));
        f[k++] = mix(17, lower(j - 2));
        f[k++] = mix(18, lower(j + 2));
        f[k++] = mix(19, shape(j - 1));
        f[k++] = mix(20, shape(j + 1));
        f[k++] = mix(21, shape(j - 2));
        f[k++] = mix(22, shape(j + 2));
        f[k++] = mix(23, at(upos, j - 1));
        f[k++] = mix(24, at(upos, j + 1));
        f[k++] = mix(25, at(upos, j - 2));
        f[k++] = mix(26, at(upos, j + 2));
        f[k++] = mix(27, at(xpos, j - 1));
        f[k++] = mix(28, at(xpos, j + 1));
        f[k++] = mix(29, at(upos, j - 1), upos[i]);
        f[k++] = mix(30, upos[i], at(upos, j + 1));
        f[k++] = mix(31, at(upos, j - 1), upos[i], at(upos, j + 1));
        f[k++] = mix(32, shape(j - 1), t.shape, shape(j + 1));
        f[k++] = mix(33, cue[i]);
        f[k++] = mix(34, at(cue, j - 1));
        f[k++] = mix(35, at(cue, j + 1));
        f[k++] = mix(36, at(cue, j + 2));
        f[k++] = mix(37, at(cue, j - 2));
        f[k++] = mix(38, dep[i]);
        f[k++] = mix(39, dep[i], head_upos[i]);
        f[k++] = mix(40, head_lower[i]);
        f[k++] = mix(41, dep[i], head_lower[i]);
        f[k++] = mix(42, t1);
        f[k++] = mix(43, t1, t2);
        f[k++] = mix(44, t1, t.lower);
        f[k++] = mix(45, t1, t.shape);
        f[k++] = mix(46, t1, upos[i]);
        f[k++] = mix(47, t1, at(upos, j + 1));
        f[k++] = mix(48, lower(j - 1), t.lower);
        f[k++] = mix(49, t.lower, lower(j + 1));
        f[k++] = mix(50, t.suffix[2], t.shape);
        f[k++] = mix(51, t.form, upos[i]);
        f[k++] = mix(52, t1, cue[i]);
        f[k++] = mix(53, t.shape, at(upos, j + 1), at(cue, j + 1));
        return k;
    }

    bool after_title(std::size_t b) const { return b > 0 && ((cue[b - 1] - 1) & kCueTitle); }

    // The cue classes of the name [b, e) as a whole: its gazetteer entry, and
    // Organization for a gazetteer organization followed by corporate
    // suffixes ("Microsoft Corp.", "Nvidia Corp"), but not after a title:
    // "Mr. Dell" is a person.
    std::uint32_t name_classes(std::size_t b, std::size_t e) const {
        std::uint32_t cls = cues->phrase(tokens.subspan(b, e - b));
        std::size_t stem = e;
        while (stem > b + 1 && (cues->classes(tokens[stem - 1].form) & kCueOrgSuffix)) --stem;
        if (stem < e && (cues->phrase(tokens.subspan(b, stem - b)) & kCueOrganization))
            cls |= kCueOrganization;
        return after_title(b) ? cls & ~kCueOrganization : cls;
    }

    // Features of the name [b, e) for the type classifier, which sees the
    // whole name and both sides at once (the tagger commits to a type at the
    // name's first word).
    std::size_t extract_span(std::size_t b, std::size_t e, std::uint64_t* f,
                             std::size_t max) const {
        const long n = static_cast<long>(h.size());
        auto at = [&](const std::vector<std::uint64_t>& v, long k) {
            return k < 0 || k >= n ? kNoWord : v[k];
        };
        auto lower = [&](long k) { return k < 0 || k >= n ? kNoWord : h[k].lower; };
        const long lb = static_cast<long>(b), le = static_cast<long>(e);
        std::size_t k = 0;
        f[k++] = mix(60, 0);
        f[k++] = mix(61, h[b].lower);
        f[k++] = mix(62, h[e - 1].lower);
        f[k++] = mix(63, h[e - 1].suffix[2]);
        f[k++] = mix(64, h[e - 1].suffix[1]);
        f[k++] = mix(65, h[b].suffix[2]);
        f[k++] = mix(66, std::min<std::size_t>(e - b, 4));
        f[k++] = mix(67, lower(lb - 1));
        f[k++] = mix(68, lower(lb - 2));
        f[k++] = mix(69, lower(lb - 2), lower(lb - 1));
        f[k++] = mix(70, at(upos, lb - 1));
        f[k++] = mix(71, lower(le));
        f[k++] = mix(72, lower(le + 1));
        f[k++] = mix(73, lower(le), lower(le + 1));
        f[k++] = mix(74, at(upos, le));
        f[k++] = mix(75, at(cue, lb - 1));
        f[k++] = mix(76, at(cue, le));
        // The name's head: its word whose syntactic head is outside it.
        std::size_t hd = e - 1;
        for (std::size_t i = b; i < e; ++i)
            if (head[i] < static_cast<int>(b) || head[i] >= static_cast<int>(e)) {
                hd = i;
                break;
            }
        f[k++] = mix(77, dep[hd]);
        f[k++] = mix(78, dep[hd], head_lemma[hd]);
        f[k++] = mix(79, head_lemma[hd]);
        f[k++] = mix(80, dep[hd], head_upos[hd]);
        std::uint64_t whole = 82, shape = 83;
        for (std::size_t i = b; i < e; ++i) {
            whole = mix(whole, h[i].lower);
            shape = mix(shape, h[i].shape);
        }
        f[k++] = shape;
        f[k++] = mix(81, h[hd].lower);
        f[k++] = whole;
        f[k++] = mix(86, name_classes(b, e));
        for (std::size_t i = b; i < e && k + 2 < max; ++i) {
            f[k++] = mix(84, h[i].lower);
            if (cue[i] != 1) f[k++] = mix(85, cue[i], i == b ? 1 : i + 1 == e ? 2 : 3);
        }
        return k;
    }
};

std::vector<EntitySpan> EntityTagger::tag(const Sentence& sentence) const {
    std::vector<EntitySpan> spans;
    const std::size_t n = sentence.tokens.size();
    if (n == 0) return spans;
    const Context ctx(sentence, cues_);
    std::uint64_t f[kMaxSpanFeatures];
    float scores[kClasses];
    int p1 = -1, p2 = -1;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = ctx.extract(i, p1, p2, f);
        std::fill_n(scores, kClasses, 0.0f);
        model_.score(std::span(f, k), std::span(scores, kClasses));
        const bool last = i + 1 == n;
        int best = -1;
        for (int c = 0; c < kClasses; ++c)
            if (allowed(std::max(p1, 0), c, last) && (best < 0 || scores[c] > scores[best]))
                best = c;
        p2 = p1;
        p1 = best;
        if (best == 0) continue;
        if (part_of(best) == kBegin || part_of(best) == kUnit) {
            double z = 0;  // softmax over the tags allowed here
            for (int c = 0; c < kClasses; ++c)
                if (allowed(std::max(p2, 0), c, last)) z += std::exp(scores[c] - scores[best]);
            spans.push_back(
                {i, i + 1, static_cast<EntityType>(type_of(best)), static_cast<float>(1.0 / z)});
        } else if (!spans.empty()) {
            spans.back().end = i + 1;
        }
    }
    // The gazetteer also decides where a listed organization's name begins
    // and ends: it replaces the names it covers ("International Business" of
    // "International Business Machines"), and is a name where the tagger saw
    // none.
    auto capital = [&](std::size_t i) {
        const std::string& w = sentence.tokens[i].form;
        return !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
    };
    for (auto [b, e] : cues_.find(sentence.tokens, kCueOrganization)) {
        if (ctx.after_title(b)) continue;  // "Mr. Dell"
        while (e < n && capital(e) && (cues_.classes(sentence.tokens[e].form) & kCueOrgSuffix))
            ++e;  // "Coca-Cola Co."
        auto first = std::find_if(spans.begin(), spans.end(),
                                  [&](const EntitySpan& x) { return x.end > b; });
        auto last =
            std::find_if(first, spans.end(), [&](const EntitySpan& x) { return x.begin >= e; });
        if (first != last && (first->begin < b || std::prev(last)->end > e)) continue;
        // A name of its own only where it is a proper noun and not part of a
        // longer name ("Paramount Theaters").
        if (first == last && (sentence.tokens[e - 1].upos != "PROPN" || (b > 0 && capital(b - 1)) ||
                              (e < n && capital(e))))
            continue;
        float confidence = kGazetteerConfidence;
        if (first != last)
            confidence = std::max_element(first, last, [](const auto& x, const auto& y) {
                             return x.confidence < y.confidence;
                         })->confidence;
        const auto at = spans.erase(first, last);
        spans.insert(at, {b, e, EntityType::Organization, confidence});
    }
    // Page leftovers ("Advertisement") and acronyms ("AI") are not names.
    std::erase_if(spans, [&](const EntitySpan& e) {
        return (ctx.name_classes(e.begin, e.end) & kCueNotName) != 0;
    });
    if (typer_.n_features() == 0) return spans;
    float type_scores[kTypes];
    for (EntitySpan& e : spans) {
        // The gazetteer decides for the organizations it lists, which GUM's
        // few thousand names cannot teach ("Amazon invested" reads like a
        // person); a title before the name ("Mr. Dell") says otherwise.
        if (ctx.name_classes(e.begin, e.end) & kCueOrganization) {
            e.type = EntityType::Organization;
            continue;
        }
        const std::size_t k = ctx.extract_span(e.begin, e.end, f, kMaxSpanFeatures);
        std::fill_n(type_scores, kTypes, 0.0f);
        typer_.score(std::span(f, k), std::span(type_scores, kTypes));
        const int best =
            static_cast<int>(std::max_element(type_scores, type_scores + kTypes) - type_scores);
        double z = 0;
        for (float v : type_scores) z += std::exp(v - type_scores[best]);
        e.type = static_cast<EntityType>(best);
        e.confidence = static_cast<float>(e.confidence / z);
    }
    return spans;
}

namespace {

std::vector<int> gold_classes(const EntityExample& ex) {
    std::vector<int> gold(ex.sentence.tokens.size(), 0);
    for (const EntitySpan& s : ex.names) {
        if (s.end > gold.size() || s.begin >= s.end) continue;
        const int t = static_cast<int>(s.type);
        if (s.end - s.begin == 1) {
            gold[s.begin] = class_of(t, kUnit);
            continue;
        }
        gold[s.begin] = class_of(t, kBegin);
        for (std::size_t k = s.begin + 1; k + 1 < s.end; ++k) gold[k] = class_of(t, kInside);
        gold[s.end - 1] = class_of(t, kLast);
    }
    return gold;
}

}  // namespace

EntityTagger EntityTagger::train(std::span<const EntityExample> train, EntityCues cues,
                                 const EntityTrainOptions& options) {
    EntityTagger tagger;
    tagger.cues_ = std::move(cues);
    tagger.model_ = Perceptron(kClasses);
    std::vector<Context> contexts;
    std::vector<std::vector<int>> gold;
    contexts.reserve(train.size());
    for (const EntityExample& ex : train) {
        contexts.emplace_back(ex.sentence, tagger.cues_);
        gold.push_back(gold_classes(ex));
    }
    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    SplitMix rng(options.seed);
    std::uint64_t f[kMaxFeatures];
    float scores[kClasses];
    std::vector<int> pred;
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        shuffle(order, rng);
        std::size_t correct = 0, total = 0;
        for (std::size_t s : order) {
            const Context& ctx = contexts[s];
            const std::size_t n = ctx.h.size();
            pred.assign(n, 0);
            for (std::size_t i = 0; i < n; ++i) {
                const int p1 = i > 0 ? pred[i - 1] : -1;
                const int p2 = i > 1 ? pred[i - 2] : -1;
                const std::size_t k = ctx.extract(i, p1, p2, f);
                std::fill_n(scores, kClasses, 0.0f);
                tagger.model_.score(std::span(f, k), std::span(scores, kClasses));
                int best = -1;
                for (int c = 0; c < kClasses; ++c)
                    if (allowed(std::max(p1, 0), c, i + 1 == n) &&
                        (best < 0 || scores[c] > scores[best]))
                        best = c;
                // An update needs the unconstrained winner when the gold tag
                // itself is not allowed after a wrong history.
                int guess = best;
                if (!allowed(std::max(p1, 0), gold[s][i], i + 1 == n))
                    guess = static_cast<int>(std::max_element(scores, scores + kClasses) - scores);
                tagger.model_.update(std::span(f, k), gold[s][i], guess);
                tagger.model_.tick();
                pred[i] = best;
                correct += best == gold[s][i];
                ++total;
            }
        }
        if (options.log)
            *options.log << "entities epoch " << epoch + 1 << ": train tag acc "
                         << 100.0 * correct / std::max<std::size_t>(total, 1) << "\n";
    }
    tagger.model_.finish(options.prune_below);

    tagger.typer_ = Perceptron(kTypes);
    std::vector<std::pair<std::size_t, EntitySpan>> names;
    for (std::size_t s = 0; s < train.size(); ++s)
        for (const EntitySpan& e : train[s].names)
            if (e.begin < e.end && e.end <= contexts[s].h.size()) names.emplace_back(s, e);
    std::vector<std::size_t> name_order(names.size());
    for (std::size_t i = 0; i < name_order.size(); ++i) name_order[i] = i;
    std::uint64_t sf[kMaxSpanFeatures];
    float type_scores[kTypes];
    for (int epoch = 0; epoch < options.typer_epochs; ++epoch) {
        shuffle(name_order, rng);
        std::size_t correct = 0;
        for (std::size_t i : name_order) {
            const auto& [s, e] = names[i];
            const std::size_t k = contexts[s].extract_span(e.begin, e.end, sf, kMaxSpanFeatures);
            std::fill_n(type_scores, kTypes, 0.0f);
            tagger.typer_.score(std::span(sf, k), std::span(type_scores, kTypes));
            const int guess =
                static_cast<int>(std::max_element(type_scores, type_scores + kTypes) - type_scores);
            const int truth = static_cast<int>(e.type);
            tagger.typer_.update(std::span(sf, k), truth, guess);
            tagger.typer_.tick();
            correct += guess == truth;
        }
        if (options.log)
            *options.log << "entity types epoch " << epoch + 1 << ": train acc "
                         << 100.0 * correct / std::max<std::size_t>(names.size(), 1) << "\n";
    }
    tagger.typer_.finish(options.prune_below);
    return tagger;
}

void EntityTagger::save(const std::filesystem::path& path, std::string_view header) const {
    ModelWriter w;
    w.put_string(kFeatureConfig);
    const auto cues = cues_.entries();
    w.put_u32(static_cast<std::uint32_t>(cues.size()));
    for (const auto& [word, classes] : cues) {
        w.put_string(word);
        w.put_u32(classes);
    }
    model_.save(w);
    typer_.save(w);
    w.save(path, "entities", header);
}

EntityTagger EntityTagger::load(const std::filesystem::path& path) {
    ModelReader r(path, "entities");
    if (r.get_string() != kFeatureConfig)
        r.fail("entity feature configuration differs from this kg build (retrain the models)");
    EntityTagger t;
    const std::uint32_t n = r.get_u32();
    if (n > 100000) r.fail("implausible cue count (corrupt model file)");
    for (std::uint32_t i = 0; i < n; ++i) {
        const std::string word = r.get_string();
        t.cues_.add(word, r.get_u32());
    }
    t.model_.load(r);
    if (t.model_.n_classes() != kClasses) r.fail("weight table does not match the tag set");
    t.typer_.load(r);
    if (t.typer_.n_classes() != kTypes) r.fail("type weight table does not match the types");
    r.expect_end();
    return t;
}

EntityTagger EntityTagger::load() {
    return load(find_data_file("models/entities.bin"));
}

std::optional<std::filesystem::path> EntityTagger::find_model() {
    for (const auto& p : data_file_candidates("models/entities.bin")) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(p, ec)) return p;
    }
    return std::nullopt;
}

}  // namespace kg
