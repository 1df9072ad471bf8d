// A multiclass averaged perceptron over hashed sparse features. Training
// keeps one dense row of per-class weights per feature (a 64-bit hash); after
// finish() the model is frozen into the form it is shipped and used in: an
// open-addressing table of 32-bit fingerprints pointing at sparse rows of
// (class, int16 weight) entries, a few bytes per feature, scored with
// prefetching so the cache misses of a token's features overlap.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kg/nlp/huge_page_allocator.hpp"

namespace kg {

class ModelReader;
class ModelWriter;

class Perceptron {
  public:
    Perceptron() = default;
    explicit Perceptron(int n_classes);

    int n_classes() const { return n_classes_; }
    std::size_t n_features() const { return frozen_ ? n_rows_ : row_keys_.size(); }

    // scores[c] += sum of the weights of `features` (unknown features add nothing).
    void score(std::span<const std::uint64_t> features, std::span<float> scores) const;

    // Training: one tick() per training instance, even when nothing changes,
    // because averaging weighs each weight by how long it survived.
    void update(std::span<const std::uint64_t> features, int truth, int guess);
    void tick() { ++step_; }
    // Averages the weights, drops features whose largest |weight| is below
    // `prune_below`, quantizes and freezes the model (no more updates).
    void finish(float prune_below);
    // The model finish() would give, leaving this one trainable (snapshots).
    Perceptron averaged(float prune_below) const;
    // Ensembles: adds `factor` times the averaged weights of `other` (both in
    // training) to this model, whose own updates must have stopped. Models
    // are linear, so the sum scores like the sum of the models' scores.
    void add_averaged(const Perceptron& other, float factor);

    void save(ModelWriter& out) const;  // requires finish()
    void load(ModelReader& in);

  private:
    // 8 bytes so that a slot probe rarely straddles cache lines.
    struct Slot {
        std::uint32_t key = 0;    // 0 = empty
        std::uint32_t value = 0;  // training: row index; frozen: first entry << 8 | count
    };
    static constexpr std::uint32_t kMaxEntries = 1u << 24;
    // Frozen models with at most kInline classes (the parser's transitions)
    // keep the weights in the slot itself: one cache miss per feature, not two.
    // The slot keeps a 16-bit check of the key (8-byte slots: half the
    // memory traffic); a false match needs a 1-in-65535 collision within the
    // probe run, which costs less accuracy than a bigger table costs speed.
    static constexpr int kInline = 3;
    struct InlineSlot {
        std::uint16_t check = 0;  // 0 = empty
        std::int16_t weight[kInline] = {};
    };
    static std::uint16_t check_of(std::uint32_t key);
    void score_inline(std::span<const std::uint64_t> features, std::int32_t* acc) const;
    struct Entry {
        std::uint16_t cls;
        std::int16_t weight;
    };
    static std::uint32_t fingerprint(std::uint64_t feature);
    static std::size_t table_size(std::size_t rows);
    std::uint32_t find_or_add(std::uint32_t key);
    void grow();
    void score_dense(std::span<const std::uint64_t> features, std::span<float> scores) const;
    void build_frozen(const std::vector<std::uint32_t>& keys,
                      const std::vector<std::uint8_t>& counts, std::vector<Entry> entries);

    int n_classes_ = 0;
    bool frozen_ = false;
    std::vector<Slot, HugePageAllocator<Slot>> slots_;
    std::size_t mask_ = 0;
    // Training.
    std::vector<std::uint32_t> row_keys_;
    std::vector<float> weights_;  // rows x n_classes_
    std::vector<double> totals_;  // sum of step * delta, for averaging
    std::uint64_t step_ = 1;
    // Frozen.
    std::size_t n_rows_ = 0;
    std::vector<Entry, HugePageAllocator<Entry>> entries_;
    std::vector<InlineSlot, HugePageAllocator<InlineSlot>> inline_slots_;
    std::vector<std::int16_t, HugePageAllocator<std::int16_t>> dense_;  // rows of dense_stride_
    std::size_t dense_stride_ = 0;
    float scale_ = 1.0f;
};

// The index of the highest score, the first one on ties (as std::max_element),
// in a few vector steps: taggers take it once per word over ~100 classes.
int best_class(std::span<const float> scores);

}  // namespace kg
