#include "kg/nlp/perceptron.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kg/error.hpp"
#include "kg/nlp/model_file.hpp"

namespace kg {
namespace {

inline std::size_t slot_of(std::uint32_t key, std::size_t mask) {
    return (static_cast<std::uint64_t>(key) * 0x9e3779b97f4a7c15ull >> 20) & mask;
}

constexpr std::size_t kChunk = 64;
// The parser's ~135 transition features go out as one batch, so that all
// their cache misses are in flight before the first probe waits for one.
constexpr std::size_t kInlineChunk = 256;

// A row is stored dense (all classes) once it has weights for at least
// 1/kDenseFrom of them: a dense row sums in a few vector adds per 16
// classes, a sparse one takes a few instructions per (class, weight) entry;
// making still sparser rows dense would mostly add cache lines to fetch.
constexpr std::size_t kDenseFrom = 8;

// acc[c] += the sum of rows[r][c] over the n rows, for 16 * B classes. Each
// 32-bit lane holds two int16 weights (x86 is little-endian: class 2k in the
// low half, 2k + 1 in the high one); shifts sign-extend them into even and
// odd sums without shuffles, and the sums stay in registers across rows.
// Inlined into score() so that its AVX2 clone compiles this with AVX2 too.
template <std::size_t B>
__attribute__((always_inline)) inline void add_rows(const std::int16_t* const* rows, std::size_t n,
                                                    std::int32_t* acc) {
    using Lanes = std::int32_t __attribute__((vector_size(32)));
    Lanes even[B] = {}, odd[B] = {};
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t j = 0; j < B; ++j) {
            Lanes w;
            std::memcpy(&w, rows[r] + 16 * j, sizeof w);
            even[j] += (w << 16) >> 16;
            odd[j] += w >> 16;
        }
    for (std::size_t j = 0; j < B; ++j)
        for (std::size_t k = 0; k < 8; ++k) {
            acc[16 * j + 2 * k] += even[j][k];
            acc[16 * j + 2 * k + 1] += odd[j][k];
        }
}

}  // namespace

Perceptron::Perceptron(int n_classes) : n_classes_(n_classes) {
    slots_.assign(1 << 16, Slot{});
    mask_ = slots_.size() - 1;
}

std::uint32_t Perceptron::fingerprint(std::uint64_t feature) {
    const auto k = static_cast<std::uint32_t>(feature >> 32) ^ static_cast<std::uint32_t>(feature);
    return k == 0 ? 1 : k;
}

std::size_t Perceptron::table_size(std::size_t rows) {
    std::size_t n = 1024;
    while (n < rows + rows / 2) n *= 2;  // load factor <= 2/3 keeps probes short
    return n;
}

void Perceptron::grow() {
    slots_.assign(slots_.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (std::size_t r = 0; r < row_keys_.size(); ++r) {
        std::size_t i = slot_of(row_keys_[r], mask_);
        while (slots_[i].key != 0) i = (i + 1) & mask_;
        slots_[i] = Slot{row_keys_[r], static_cast<std::uint32_t>(r)};
    }
}

std::uint32_t Perceptron::find_or_add(std::uint32_t key) {
    for (std::size_t i = slot_of(key, mask_);; i = (i + 1) & mask_) {
        if (slots_[i].key == key) return slots_[i].value;
        if (slots_[i].key == 0) break;
    }
    if ((row_keys_.size() + 1) * 2 > slots_.size()) grow();
    std::size_t i = slot_of(key, mask_);
    while (slots_[i].key != 0) i = (i + 1) & mask_;
    const auto row = static_cast<std::uint32_t>(row_keys_.size());
    slots_[i] = Slot{key, row};
    row_keys_.push_back(key);
    weights_.resize(row_keys_.size() * n_classes_, 0.0f);
    totals_.resize(row_keys_.size() * n_classes_, 0.0);
    return row;
}

void Perceptron::score_dense(std::span<const std::uint64_t> features,
                             std::span<float> scores) const {
    const int n = n_classes_;
    for (std::uint64_t f : features) {
        const std::uint32_t key = fingerprint(f);
        for (std::size_t i = slot_of(key, mask_);; i = (i + 1) & mask_) {
            if (slots_[i].key == key) {
                const float* w = weights_.data() + static_cast<std::size_t>(slots_[i].value) * n;
                for (int c = 0; c < n; ++c) scores[c] += w[c];
                break;
            }
            if (slots_[i].key == 0) break;
        }
    }
}

std::uint16_t Perceptron::check_of(std::uint32_t key) {
    const auto c = static_cast<std::uint16_t>((key * 0x85ebca6bu) >> 16);
    return c == 0 ? 1 : c;
}

void Perceptron::score_inline(std::span<const std::uint64_t> features, std::int32_t* acc) const {
    std::uint32_t keys[kInlineChunk];
    std::size_t pos[kInlineChunk];
    const std::size_t mask = inline_slots_.size() - 1;
    const InlineSlot* slots = inline_slots_.data();
    // Sums in locals, not acc[]: they stay in registers instead of making
    // every feature wait for the previous one's store.
    std::int32_t sum[kInline] = {};
    for (std::size_t from = 0; from < features.size(); from += kInlineChunk) {
        const std::size_t n = std::min(kInlineChunk, features.size() - from);
        for (std::size_t i = 0; i < n; ++i) {
            keys[i] = fingerprint(features[from + i]);
            pos[i] = slot_of(keys[i], mask);
            __builtin_prefetch(slots + pos[i]);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint16_t check = check_of(keys[i]);
            for (std::size_t j = pos[i];; j = (j + 1) & mask) {
                const InlineSlot& s = slots[j];
                if (s.check == check) {
                    for (int c = 0; c < kInline; ++c) sum[c] += s.weight[c];
                    break;
                }
                if (s.check == 0) break;
            }
        }
    }
    for (int c = 0; c < kInline; ++c) acc[c] += sum[c];
}

// The row sums are int16 -> int32 adds that AVX2 does twice as wide; cloned
// so the binary still runs on CPUs without it (chosen once, at load time).
__attribute__((target_clones("avx2", "default"))) void Perceptron::score(
    std::span<const std::uint64_t> features, std::span<float> scores) const {
    if (!frozen_) {
        if (!slots_.empty()) score_dense(features, scores);
        return;
    }
    std::int32_t acc[256];
    // Only the classes in use: the parser's many three-class calls would
    // otherwise clear 1 KB each.
    std::fill_n(acc, std::max<std::size_t>(dense_stride_, kInline), 0);
    if (!inline_slots_.empty()) {
        score_inline(features, acc);
        for (int c = 0; c < n_classes_; ++c) scores[c] += static_cast<float>(acc[c]) * scale_;
        return;
    }
    if (slots_.empty()) return;
    std::uint32_t keys[kChunk];
    std::size_t pos[kChunk];
    const Entry* sparse[kChunk];
    std::uint32_t counts[kChunk];
    const std::int16_t* dense[kChunk];
    for (std::size_t from = 0; from < features.size(); from += kChunk) {
        const std::size_t n = std::min(kChunk, features.size() - from);
        // Three passes so the memory accesses of all features are in flight at once.
        for (std::size_t i = 0; i < n; ++i) {
            keys[i] = fingerprint(features[from + i]);
            pos[i] = slot_of(keys[i], mask_);
            __builtin_prefetch(&slots_[pos[i]]);
        }
        std::size_t n_sparse = 0, n_dense = 0;
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = pos[i];; j = (j + 1) & mask_) {
                const Slot& s = slots_[j];
                if (s.key == keys[i]) {
                    // Rows of frequent features span several cache lines.
                    const std::uint32_t count = s.value & 0xff;
                    if (count == 0) {
                        const std::int16_t* w = dense_.data() + (s.value >> 8) * dense_stride_;
                        for (std::size_t k = 0; k < dense_stride_; k += 32)
                            __builtin_prefetch(w + k);
                        dense[n_dense++] = w;
                    } else {
                        const Entry* e = entries_.data() + (s.value >> 8);
                        for (std::uint32_t k = 0; k < count; k += 16) __builtin_prefetch(e + k);
                        __builtin_prefetch(e + count - 1);
                        sparse[n_sparse] = e;
                        counts[n_sparse++] = count;
                    }
                    break;
                }
                if (s.key == 0) break;
            }
        }
        // The sums are integers, so adding sparse rows first and dense ones
        // after gives the scores of adding the rows in feature order.
        for (std::size_t i = 0; i < n_sparse; ++i)
            for (std::uint32_t k = 0; k < counts[i]; ++k)
                acc[sparse[i][k].cls] += sparse[i][k].weight;
        // The models' class counts (51 labels, 106 tags) keep their sums in
        // registers; other counts take the plain loop.
        switch (dense_stride_ / 16) {
            case 4:
                add_rows<4>(dense, n_dense, acc);
                break;
            case 7:
                add_rows<7>(dense, n_dense, acc);
                break;
            default:
                for (std::size_t i = 0; i < n_dense; ++i)
                    for (std::size_t c = 0; c < dense_stride_; ++c) acc[c] += dense[i][c];
        }
    }
    for (int c = 0; c < n_classes_; ++c) scores[c] += static_cast<float>(acc[c]) * scale_;
}

int best_class(std::span<const float> scores) {
    using Lanes = float __attribute__((vector_size(16)));
    constexpr std::size_t kLanes = 4;
    const std::size_t n = scores.size();
    if (n < kLanes)
        return static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
    // The maximum (no NaN in scores); -0 and +0 compare equal, so the scan
    // below still stops at the first of them, as std::max_element would.
    Lanes top;
    std::memcpy(&top, scores.data(), sizeof top);
    std::size_t i = kLanes;
    for (; i + kLanes <= n; i += kLanes) {
        Lanes v;
        std::memcpy(&v, scores.data() + i, sizeof v);
        top = v > top ? v : top;
    }
    float m = top[0];
    for (std::size_t k = 1; k < kLanes; ++k) m = std::max(m, top[k]);
    for (; i < n; ++i) m = std::max(m, scores[i]);
    for (i = 0; i + kLanes <= n; i += kLanes) {
        Lanes v;
        std::memcpy(&v, scores.data() + i, sizeof v);
        const auto eq = v == m;
        std::uint64_t any[2];
        std::memcpy(any, &eq, sizeof any);
        if ((any[0] | any[1]) == 0) continue;
        for (std::size_t k = 0;; ++k)
            if (eq[k]) return static_cast<int>(i + k);
    }
    for (; i < n; ++i)
        if (scores[i] == m) return static_cast<int>(i);
    // Only NaN gets here; answer as std::max_element does.
    return static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
}

void Perceptron::update(std::span<const std::uint64_t> features, int truth, int guess) {
    if (truth == guess || frozen_) return;
    const double t = static_cast<double>(step_);
    for (std::uint64_t f : features) {
        const std::size_t base = static_cast<std::size_t>(find_or_add(fingerprint(f))) * n_classes_;
        weights_[base + truth] += 1.0f;
        totals_[base + truth] += t;
        weights_[base + guess] -= 1.0f;
        totals_[base + guess] -= t;
    }
}

void Perceptron::finish(float prune_below) {
    if (frozen_) return;
    *this = averaged(prune_below);
}

void Perceptron::add_averaged(const Perceptron& other, float factor) {
    if (frozen_ || other.frozen_ || other.n_classes_ != n_classes_)
        throw Error("perceptron: cannot add a frozen or differently shaped model");
    const double t = static_cast<double>(other.step_);
    const std::size_t n = static_cast<std::size_t>(n_classes_);
    for (std::size_t r = 0; r < other.row_keys_.size(); ++r) {
        const std::size_t base = static_cast<std::size_t>(find_or_add(other.row_keys_[r])) * n;
        for (std::size_t c = 0; c < n; ++c) {
            const std::size_t i = r * n + c;
            const double avg = other.weights_[i] - other.totals_[i] / t;
            // Counted as if present from step 0, so averaging keeps it whole.
            weights_[base + c] += static_cast<float>(factor * avg);
        }
    }
}

Perceptron Perceptron::averaged(float prune_below) const {
    if (frozen_) return *this;
    const double t = static_cast<double>(step_);
    auto average = [&](std::size_t i) { return static_cast<float>(weights_[i] - totals_[i] / t); };
    float max_abs = 0;
    for (std::size_t i = 0; i < weights_.size(); ++i)
        max_abs = std::max(max_abs, std::fabs(average(i)));
    const float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
    const int n = n_classes_;
    std::vector<std::uint32_t> keys;
    std::vector<std::uint8_t> counts;
    std::vector<Entry> entries;
    std::vector<float> w(static_cast<std::size_t>(n));
    for (std::size_t r = 0; r < row_keys_.size(); ++r) {
        float m = 0;
        for (int c = 0; c < n; ++c) {
            w[c] = average(r * n + c);
            m = std::max(m, std::fabs(w[c]));
        }
        if (m < prune_below) continue;
        std::size_t nnz = 0;
        for (int c = 0; c < n; ++c) {
            const long q = std::lround(w[c] / scale);
            if (q == 0) continue;
            entries.push_back(Entry{static_cast<std::uint16_t>(c), static_cast<std::int16_t>(q)});
            ++nnz;
        }
        if (nnz == 0) continue;
        keys.push_back(row_keys_[r]);
        counts.push_back(static_cast<std::uint8_t>(nnz));
    }
    Perceptron frozen;
    frozen.n_classes_ = n_classes_;
    frozen.scale_ = scale;
    frozen.build_frozen(keys, counts, std::move(entries));
    return frozen;
}

void Perceptron::build_frozen(const std::vector<std::uint32_t>& keys,
                              const std::vector<std::uint8_t>& counts, std::vector<Entry> entries) {
    if (entries.size() >= kMaxEntries)
        throw Error("perceptron: " + std::to_string(entries.size()) +
                    " weights exceed the 2^24 limit (prune more)");
    n_rows_ = keys.size();
    slots_.clear();
    slots_.shrink_to_fit();
    slots_.resize(table_size(n_rows_));
    mask_ = slots_.size() - 1;
    std::uint32_t begin = 0;
    for (std::size_t r = 0; r < n_rows_; ++r) {
        std::size_t i = slot_of(keys[r], mask_);
        while (slots_[i].key != 0) i = (i + 1) & mask_;
        slots_[i] = Slot{keys[r], begin << 8 | counts[r]};
        begin += counts[r];
    }
    entries_.assign(entries.begin(), entries.end());
    frozen_ = true;
    inline_slots_.clear();
    dense_.clear();
    dense_stride_ = 0;
    if (n_classes_ <= kInline) {
        inline_slots_.resize(slots_.size());
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            const Slot& s = slots_[i];
            if (s.key == 0) continue;
            InlineSlot& t = inline_slots_[i];
            t.check = check_of(s.key);
            for (std::uint32_t k = 0; k < (s.value & 0xff); ++k) {
                const Entry& e = entries_[(s.value >> 8) + k];
                t.weight[e.cls] = e.weight;
            }
        }
        // The sparse form is kept: save() writes from it.
        return;
    }
    // Rows with many classes are cheaper dense: one contiguous int16 row
    // summed with vector adds instead of scattered (class, weight) pairs.
    // Such a slot holds the dense row's index and a count of 0.
    dense_stride_ = (static_cast<std::size_t>(n_classes_) + 15) / 16 * 16;
    std::vector<Entry> sparse;
    std::vector<std::int16_t> dense;
    for (Slot& s : slots_) {
        if (s.key == 0) continue;
        const std::uint32_t first = s.value >> 8, count = s.value & 0xff;
        if (count * kDenseFrom >= dense_stride_) {
            const std::size_t row = dense.size() / dense_stride_;
            dense.resize(dense.size() + dense_stride_, 0);
            for (std::uint32_t k = 0; k < count; ++k)
                dense[row * dense_stride_ + entries_[first + k].cls] = entries_[first + k].weight;
            s.value = static_cast<std::uint32_t>(row) << 8;
        } else {
            s.value = static_cast<std::uint32_t>(sparse.size()) << 8 | count;
            sparse.insert(sparse.end(), entries_.begin() + first, entries_.begin() + first + count);
        }
    }
    entries_.assign(sparse.begin(), sparse.end());
    dense_.assign(dense.begin(), dense.end());
}

void Perceptron::save(ModelWriter& out) const {
    // Rows go out in table order, so loading inserts them nearly sequentially.
    std::vector<std::uint32_t> keys;
    std::vector<std::uint8_t> counts;
    std::vector<std::uint8_t> cls;
    std::vector<std::int16_t> weights;
    for (const Slot& s : slots_) {
        if (s.key == 0) continue;
        keys.push_back(s.key);
        const std::uint32_t begin = s.value >> 8, count = s.value & 0xff;
        if (count == 0) {  // dense row: its non-zero weights, in class order as trained
            const std::int16_t* w = dense_.data() + begin * dense_stride_;
            std::uint8_t nnz = 0;
            for (int c = 0; c < n_classes_; ++c) {
                if (w[c] == 0) continue;
                cls.push_back(static_cast<std::uint8_t>(c));
                weights.push_back(w[c]);
                ++nnz;
            }
            counts.push_back(nnz);
            continue;
        }
        counts.push_back(static_cast<std::uint8_t>(count));
        for (std::uint32_t k = 0; k < count; ++k) {
            cls.push_back(static_cast<std::uint8_t>(entries_[begin + k].cls));
            weights.push_back(entries_[begin + k].weight);
        }
    }
    out.put_u32(static_cast<std::uint32_t>(n_classes_));
    out.put_f32(scale_);
    out.put_u64(keys.size());
    out.put_u64(cls.size());
    out.put_raw(keys.data(), keys.size() * sizeof keys[0]);
    out.put_raw(counts.data(), counts.size());
    out.put_raw(cls.data(), cls.size());
    out.put_raw(weights.data(), weights.size() * sizeof weights[0]);
}

void Perceptron::load(ModelReader& in) {
    n_classes_ = static_cast<int>(in.get_u32());
    if (n_classes_ <= 0 || n_classes_ > 255) in.fail("bad class count in weights");
    scale_ = in.get_f32();
    const std::uint64_t rows = in.get_u64();
    const std::uint64_t n_entries = in.get_u64();
    if (rows > (1ull << 28) || n_entries >= kMaxEntries) in.fail("implausible weight table size");
    std::vector<std::uint32_t> keys(rows);
    std::vector<std::uint8_t> counts(rows);
    std::vector<std::uint8_t> cls(n_entries);
    std::vector<std::int16_t> weights(n_entries);
    in.get_raw(keys.data(), rows * sizeof keys[0]);
    in.get_raw(counts.data(), rows);
    in.get_raw(cls.data(), n_entries);
    in.get_raw(weights.data(), n_entries * sizeof weights[0]);
    std::uint64_t total = 0;
    for (std::uint8_t c : counts) total += c;
    if (total != n_entries) in.fail("weight rows do not add up (corrupt model file)");
    std::vector<Entry> entries(n_entries);
    for (std::size_t i = 0; i < n_entries; ++i) {
        if (cls[i] >= n_classes_) in.fail("weight class out of range");
        entries[i] = Entry{cls[i], weights[i]};
    }
    for (std::uint32_t k : keys)
        if (k == 0) in.fail("empty feature key (corrupt model file)");
    build_frozen(keys, counts, std::move(entries));
}

}  // namespace kg
