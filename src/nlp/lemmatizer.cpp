#include "kg/nlp/lemmatizer.hpp"

#include <algorithm>
#include <map>

#include "kg/nlp/feature_hash.hpp"
#include "kg/nlp/model_file.hpp"

namespace kg {
namespace {

using features::hash_string;
using features::mix;

constexpr std::size_t kMaxSuffix = 7;

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::uint64_t dict_key(std::string_view form, std::string_view xpos, bool lowered) {
    return mix(hash_string(form), hash_string(xpos), lowered ? 2 : 1);
}

std::uint64_t rule_key(std::string_view xpos, std::string_view suffix) {
    return mix(hash_string(xpos), hash_string(suffix), 3);
}

// Proper nouns keep their case in UD English lemmas; everything else is lowercase.
bool keeps_case(std::string_view upos, std::string_view xpos) {
    return upos == "PROPN" || xpos == "NNP" || xpos == "NNPS";
}

}  // namespace

Lemmatizer Lemmatizer::train(std::span<const Sentence> treebank) {
    // Most frequent lemma per (form, xpos) and per (lowercase form, xpos).
    std::map<std::pair<std::string, std::string>, std::map<std::string, int>> exact, lowered;
    for (const Sentence& s : treebank)
        for (const Token& t : s.tokens) {
            if (t.lemma.empty()) continue;
            ++exact[{t.form, t.xpos}][t.lemma];
            ++lowered[{ascii_lower(t.form), t.xpos}][t.lemma];
        }
    Lemmatizer lem;
    std::map<std::string, std::uint32_t> string_ids;
    auto intern = [&](const std::string& s) {
        auto [it, added] = string_ids.emplace(s, static_cast<std::uint32_t>(lem.strings_.size()));
        if (added) lem.strings_.push_back(s);
        return it->second;
    };
    auto best = [](const std::map<std::string, int>& counts) {
        return std::max_element(counts.begin(), counts.end(),
                                [](auto& a, auto& b) { return a.second < b.second; })
            ->first;
    };
    for (const auto& [key, counts] : exact)
        lem.dict_[dict_key(key.first, key.second, false)] = intern(best(counts));
    // Rules come from word types (not tokens) so frequent irregulars do not dominate.
    std::map<std::pair<std::string, std::string>, std::map<std::pair<int, std::string>, int>> rules;
    for (const auto& [key, counts] : lowered) {
        const std::string& form = key.first;
        const std::string& xpos = key.second;
        std::string lemma = best(counts);
        lem.dict_.emplace(dict_key(form, xpos, true), intern(lemma));
        if (keeps_case("", xpos)) continue;
        lemma = ascii_lower(lemma);
        std::size_t common = 0;
        while (common < form.size() && common < lemma.size() && form[common] == lemma[common])
            ++common;
        const int strip = static_cast<int>(form.size() - common);
        if (strip > 255) continue;
        const std::string append = lemma.substr(common);
        for (std::size_t len = 0; len <= std::min(kMaxSuffix, form.size()); ++len)
            ++rules[{xpos, form.substr(form.size() - len)}][{strip, append}];
    }
    for (const auto& [key, counts] : rules) {
        const auto& top = std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) {
                              return a.second < b.second;
                          })->first;
        lem.rules_[rule_key(key.first, key.second)] =
            Rule{static_cast<std::uint8_t>(top.first), intern(top.second)};
    }
    return lem;
}

std::string Lemmatizer::lemmatize(std::string_view form, std::string_view upos,
                                  std::string_view xpos) const {
    if (const std::uint32_t* lemma = dict_.find(dict_key(form, xpos, false)))
        return strings_[*lemma];
    if (keeps_case(upos, xpos)) return std::string(form);
    std::string low = ascii_lower(form);
    if (const std::uint32_t* lemma = dict_.find(dict_key(low, xpos, true))) return strings_[*lemma];
    // Longest suffix first; a rule never removes the whole word.
    for (std::size_t len = std::min(kMaxSuffix, low.size());; --len) {
        const Rule* rule =
            rules_.find(rule_key(xpos, std::string_view(low).substr(low.size() - len)));
        if (rule && rule->strip < low.size()) {
            low.resize(low.size() - rule->strip);
            low += strings_[rule->append];
            return low;
        }
        if (len == 0) break;
    }
    return low;
}

void Lemmatizer::lemmatize(Sentence& sentence) const {
    for (Token& t : sentence.tokens) t.lemma = lemmatize(t.form, t.upos, t.xpos);
}

void Lemmatizer::save(const std::filesystem::path& path, std::string_view header) const {
    ModelWriter w;
    w.put_string(kFeatureConfig);
    w.put_u32(static_cast<std::uint32_t>(strings_.size()));
    for (const auto& s : strings_) w.put_string(s);
    // Sorted so the file is byte-identical for identical training data.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> d = dict_.items();
    std::sort(d.begin(), d.end());
    w.put_u64(d.size());
    for (auto [k, v] : d) {
        w.put_u64(k);
        w.put_u32(v);
    }
    std::vector<std::pair<std::uint64_t, Rule>> r = rules_.items();
    std::sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.first < b.first; });
    w.put_u64(r.size());
    for (auto& [k, rule] : r) {
        w.put_u64(k);
        w.put_u8(rule.strip);
        w.put_u32(rule.append);
    }
    w.save(path, "lemmatizer", header);
}

Lemmatizer Lemmatizer::load(const std::filesystem::path& path) {
    ModelReader r(path, "lemmatizer");
    if (r.get_string() != kFeatureConfig)
        r.fail("lemmatizer configuration differs from this kg build (retrain the models)");
    Lemmatizer lem;
    const std::uint32_t n = r.get_u32();
    lem.strings_.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) lem.strings_.push_back(r.get_string());
    const std::uint64_t nd = r.get_u64();
    lem.dict_.reserve(nd);
    for (std::uint64_t i = 0; i < nd; ++i) {
        const std::uint64_t k = r.get_u64();
        const std::uint32_t v = r.get_u32();
        if (v >= n) r.fail("lemma index out of range");
        lem.dict_.emplace(k, v);
    }
    const std::uint64_t nr = r.get_u64();
    lem.rules_.reserve(nr);
    for (std::uint64_t i = 0; i < nr; ++i) {
        const std::uint64_t k = r.get_u64();
        Rule rule;
        rule.strip = r.get_u8();
        rule.append = r.get_u32();
        if (rule.append >= n) r.fail("rule index out of range");
        lem.rules_.emplace(k, rule);
    }
    r.expect_end();
    return lem;
}

}  // namespace kg
