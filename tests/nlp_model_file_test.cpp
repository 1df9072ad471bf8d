#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <vector>

#include "kg/error.hpp"
#include "kg/nlp/model_file.hpp"
#include "kg/nlp/perceptron.hpp"
#include "support.hpp"

namespace {

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

void write_sample(const std::string& path) {
    kg::ModelWriter w;
    w.put_u32(42);
    w.put_string("hello");
    w.put_f32(1.5f);
    w.put_u64(1ull << 40);
    w.save(path, "sample", "license: test\n");
}

}  // namespace

TEST_CASE("model file round trip", "[nlp]") {
    kg::test::TempDir dir;
    const std::string path = dir.file("m.bin");
    write_sample(path);
    kg::ModelReader r(path, "sample");
    CHECK(r.header() == "license: test\n");
    CHECK(r.get_u32() == 42);
    CHECK(r.get_string() == "hello");
    CHECK(r.get_f32() == 1.5f);
    CHECK(r.get_u64() == (1ull << 40));
    CHECK_NOTHROW(r.expect_end());
}

TEST_CASE("corrupt, truncated or mismatched model files fail with one line naming the file",
          "[nlp]") {
    kg::test::TempDir dir;
    const std::string path = dir.file("m.bin");
    write_sample(path);
    const std::string good = slurp(path);

    auto expect_error = [&](const std::string& bytes, const std::string& kind,
                            const std::string& needle) {
        kg::test::write_file(path, bytes);
        try {
            kg::ModelReader r(path, kind);
            FAIL("no error for " << needle);
        } catch (const kg::Error& e) {
            const std::string msg = e.what();
            CHECK(msg.find(path) != std::string::npos);
            CHECK(msg.find(needle) != std::string::npos);
            CHECK(msg.find('\n') == std::string::npos);
        }
    };
    std::string flipped = good;
    flipped[good.size() / 2] ^= 0x20;
    expect_error(flipped, "sample", "checksum");
    expect_error(good.substr(0, good.size() - 3), "sample", "checksum");
    expect_error("not a model at all, just some text here", "sample", "magic");
    expect_error(good, "parser", "expected 'parser'");
    CHECK_THROWS_AS(kg::ModelReader(dir.file("missing.bin"), "sample"), kg::Error);
}

TEST_CASE("perceptron weights survive save and load", "[nlp]") {
    kg::Perceptron p(3);
    const std::uint64_t a[] = {11, 22}, b[] = {33};
    for (int i = 0; i < 5; ++i) {
        p.update(a, 1, 0);
        p.tick();
        p.update(b, 2, 1);
        p.tick();
    }
    p.finish(0.0f);
    float before[3] = {0, 0, 0};
    p.score(a, before);
    CHECK(before[1] > before[0]);

    kg::test::TempDir dir;
    kg::ModelWriter w;
    p.save(w);
    w.save(dir.file("p.bin"), "weights", "");
    kg::ModelReader r(dir.file("p.bin"), "weights");
    kg::Perceptron q;
    q.load(r);
    r.expect_end();
    float after[3] = {0, 0, 0};
    q.score(a, after);
    for (int c = 0; c < 3; ++c) CHECK(after[c] == Approx(before[c]));
}

TEST_CASE("perceptron rows with many classes score and save like sparse ones", "[nlp]") {
    // Feature 7 gets weights for all 40 classes (kept as a dense row once
    // frozen), feature 8 for two classes (kept sparse).
    kg::Perceptron p(40);
    const std::uint64_t dense[] = {7}, sparse[] = {8}, both[] = {7, 8};
    for (int c = 1; c < 40; ++c) {
        p.update(dense, c, c - 1);
        p.tick();
    }
    p.update(sparse, 5, 6);
    p.tick();
    p.finish(0.0f);
    std::vector<float> d(40), s(40), b(40);
    p.score(dense, d);
    p.score(sparse, s);
    p.score(both, b);
    CHECK(s[5] > 0);
    CHECK(s[6] < 0);
    CHECK(d[39] > d[0]);
    for (int c = 0; c < 40; ++c) CHECK(b[c] == Approx(d[c] + s[c]));

    kg::test::TempDir dir;
    kg::ModelWriter w;
    p.save(w);
    w.save(dir.file("p.bin"), "weights", "");
    kg::ModelReader r(dir.file("p.bin"), "weights");
    kg::Perceptron q;
    q.load(r);
    r.expect_end();
    std::vector<float> after(40);
    q.score(both, after);
    for (int c = 0; c < 40; ++c) CHECK(after[c] == Approx(b[c]));
    kg::ModelWriter w2;
    q.save(w2);
    w2.save(dir.file("q.bin"), "weights", "");
    CHECK(slurp(dir.file("q.bin")) == slurp(dir.file("p.bin")));
}

TEST_CASE("perceptron scores of many dense and sparse rows add up like the rows alone", "[nlp]") {
    // 51 and 106 classes (the label and tag models) have their own code for
    // summing dense rows; 40 takes the general loop.
    for (const int n : {40, 51, 106}) {
        kg::Perceptron p(n);
        std::vector<std::uint64_t> features;
        for (std::uint64_t f = 1; f <= 12; ++f) {
            features.push_back(f);
            const std::uint64_t one[] = {f};
            if (f <= 9) {  // weights for most classes: dense rows
                for (int c = 1; c < n; ++c) {
                    p.update(one, c, static_cast<int>((c + f) % n));
                    p.tick();
                }
            } else {  // two classes: sparse rows
                p.update(one, static_cast<int>(f % 3) + 1, 0);
                p.tick();
            }
        }
        p.finish(0.0f);
        std::vector<float> all(n), sum(n);
        p.score(features, all);
        for (std::uint64_t f : features) {
            std::vector<float> alone(n);
            const std::uint64_t one[] = {f};
            p.score(one, alone);
            for (int c = 0; c < n; ++c) sum[c] += alone[c];
        }
        INFO(n << " classes");
        CHECK(*std::max_element(all.begin(), all.end()) >
              *std::min_element(all.begin(), all.end()));
        for (int c = 0; c < n; ++c) CHECK(all[c] == Approx(sum[c]).margin(1e-4));
    }
}

TEST_CASE("best_class picks the first of the highest scores, as std::max_element", "[nlp]") {
    std::uint64_t x = 1;
    for (std::size_t n = 1; n <= 40; ++n) {
        for (int round = 0; round < 20; ++round) {
            std::vector<float> s(n);
            for (float& v : s) {  // few distinct values, so many ties
                x = x * 6364136223846793005ull + 1442695040888963407ull;
                v = static_cast<float>(static_cast<int>(x >> 61) - 4);
            }
            const auto expected = std::max_element(s.begin(), s.end()) - s.begin();
            if (kg::best_class(s) != expected) FAIL("size " << n << ": " << kg::best_class(s));
        }
    }
    const std::vector<float> zeros = {-1.0f, -0.0f, 0.0f, -2.0f, 0.0f, -0.0f};
    CHECK(kg::best_class(zeros) == 1);
}

TEST_CASE("an ensemble of perceptrons scores like the mean of its members", "[nlp]") {
    kg::Perceptron a(3), b(3);
    const std::uint64_t f[] = {1, 2};
    for (int i = 0; i < 4; ++i) {
        a.update(f, 1, 0);
        a.tick();
        b.update(f, 2, 0);
        b.tick();
        b.tick();
    }
    kg::Perceptron sum(3);
    sum.add_averaged(a, 0.5f);
    sum.add_averaged(b, 0.5f);
    const kg::Perceptron fa = a.averaged(0.0f), fb = b.averaged(0.0f);
    sum.finish(0.0f);
    float sa[3] = {0, 0, 0}, sb[3] = {0, 0, 0}, ss[3] = {0, 0, 0};
    fa.score(f, sa);
    fb.score(f, sb);
    sum.score(f, ss);
    for (int c = 0; c < 3; ++c) CHECK(ss[c] == Approx((sa[c] + sb[c]) / 2).margin(1e-3));
    CHECK(ss[1] > ss[0]);
    CHECK(ss[2] > ss[0]);
}
