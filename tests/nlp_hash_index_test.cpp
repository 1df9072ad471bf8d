#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kg/nlp/hash_index.hpp"

TEST_CASE("hash index finds what was added, like std::unordered_map", "[nlp]") {
    kg::HashIndex<std::uint32_t> index;
    std::unordered_map<std::uint64_t, std::uint32_t> reference;
    CHECK(index.find(0) == nullptr);
    // Keys 0 and 2^64 - 1 are ordinary keys; the others are close together
    // and share low bits, so probe runs get long.
    std::uint64_t key = 0;
    for (std::uint32_t i = 0; i < 5000; ++i) {
        CHECK(index.emplace(key, i) == reference.emplace(key, i).second);
        key = i % 3 == 0 ? key + 1 : key + (1ull << 40);
    }
    CHECK(index.emplace(~0ull, 7));
    reference.emplace(~0ull, 7);
    CHECK_FALSE(index.emplace(0, 99));  // keeps the first value
    index[12345] = 5;
    reference[12345] = 5;
    index[~0ull] += 1;
    reference[~0ull] += 1;

    CHECK(index.size() == reference.size());
    for (const auto& [k, v] : reference) {
        const std::uint32_t* found = index.find(k);
        REQUIRE(found != nullptr);
        CHECK(*found == v);
    }
    CHECK(index.find(3ull << 50) == nullptr);
    auto items = index.items();
    std::sort(items.begin(), items.end());
    std::vector<std::pair<std::uint64_t, std::uint32_t>> expected(reference.begin(),
                                                                  reference.end());
    std::sort(expected.begin(), expected.end());
    CHECK(items == expected);
}

TEST_CASE("hash index reserve keeps the entries", "[nlp]") {
    kg::HashIndex<std::uint64_t> index;
    for (std::uint64_t k = 1; k <= 100; ++k) index.emplace(k * k, k);
    index.reserve(10000);
    for (std::uint64_t k = 1; k <= 100; ++k) {
        const std::uint64_t* v = index.find(k * k);
        REQUIRE(v != nullptr);
        CHECK(*v == k);
    }
    CHECK(index.size() == 100);
}
