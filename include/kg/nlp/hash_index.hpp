// A map from 64-bit hash keys to small values, for the lookup tables of the
// nlp models (lemma dictionary, suffix rules, ambiguity classes). One flat
// array with linear probing: a lookup costs one cache miss where a
// std::unordered_map costs a division by a prime and two or three dependent
// misses (bucket, node). Keys may take any value, 0 included.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace kg {

template <typename V>
class HashIndex {
  public:
    std::size_t size() const { return size_; }

    // Room for n keys without growing.
    void reserve(std::size_t n) {
        if (n * 3 > slots_.size() * 2) rehash(n);
    }

    // The value of `key`, or nullptr when absent.
    const V* find(std::uint64_t key) const {
        if (slots_.empty()) return nullptr;
        for (std::size_t i = home(key);; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (!s.used) return nullptr;
            if (s.key == key) return &s.value;
        }
    }

    // Adds key -> value unless `key` is present (then keeps the old value,
    // as std::unordered_map::emplace does); true when added.
    bool emplace(std::uint64_t key, V value) {
        Slot& s = slot_for(key);
        if (s.used) return false;
        s = Slot{key, std::move(value), true};
        ++size_;
        return true;
    }

    // The value of `key`, added as V{} when absent.
    V& operator[](std::uint64_t key) {
        Slot& s = slot_for(key);
        if (!s.used) {
            s = Slot{key, V{}, true};
            ++size_;
        }
        return s.value;
    }

    // All (key, value) pairs, in no particular order.
    std::vector<std::pair<std::uint64_t, V>> items() const {
        std::vector<std::pair<std::uint64_t, V>> out;
        out.reserve(size_);
        for (const Slot& s : slots_)
            if (s.used) out.emplace_back(s.key, s.value);
        return out;
    }

  private:
    struct Slot {
        std::uint64_t key = 0;
        V value{};
        bool used = false;
    };

    std::size_t home(std::uint64_t key) const {
        return static_cast<std::size_t>(key * 0x9e3779b97f4a7c15ull >> 32) & mask_;
    }

    // The slot holding `key`, or the empty one where it would go (growing
    // first so that the table stays at most 2/3 full).
    Slot& slot_for(std::uint64_t key) {
        if ((size_ + 1) * 3 > slots_.size() * 2) rehash(size_ + 1);
        std::size_t i = home(key);
        while (slots_[i].used && slots_[i].key != key) i = (i + 1) & mask_;
        return slots_[i];
    }

    void rehash(std::size_t n) {
        std::size_t cap = 16;
        while (cap * 2 < n * 3) cap *= 2;
        std::vector<Slot> old(cap);
        old.swap(slots_);
        mask_ = cap - 1;
        for (Slot& s : old) {
            if (!s.used) continue;
            std::size_t i = home(s.key);
            while (slots_[i].used) i = (i + 1) & mask_;
            slots_[i] = std::move(s);
        }
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace kg
