#include "kg/graph/duplicates.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "kg/extract/document_resolution.hpp"
#include "kg/graph/entity_key.hpp"
#include "kg/graph/store.hpp"

namespace kg {
namespace {

// Words so common in names that sharing them says nothing.
constexpr std::size_t kMaxBlock = 200;

std::vector<std::string> words(const std::string& key) {
    std::vector<std::string> out;
    std::istringstream in(key);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
    std::size_t common = 0;
    for (const auto& w : sa) common += sb.count(w);
    const std::size_t all = sa.size() + sb.size() - common;
    return all ? static_cast<double>(common) / static_cast<double>(all) : 0.0;
}

bool types_agree(EntityType a, EntityType b) {
    return a == b || a == EntityType::Other || b == EntityType::Other;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t bound) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > bound) return bound + 1;
    std::vector<std::size_t> row(a.size() + 1);
    for (std::size_t i = 0; i <= a.size(); ++i) row[i] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
        std::size_t diagonal = row[0], best = j;
        row[0] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            const std::size_t up = row[i];
            row[i] = std::min({row[i] + 1, row[i - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
            best = std::min(best, row[i]);
        }
        if (best > bound) return bound + 1;
    }
    return row[a.size()];
}

std::vector<DuplicateCandidate> suspected_duplicates(const Store& store, std::size_t limit) {
    const auto entities = store.all_entities();
    std::unordered_map<EntityId, std::size_t> index;
    for (std::size_t i = 0; i < entities.size(); ++i) index[entities[i].id] = i;

    std::vector<std::set<EntityId>> neighbours(entities.size());
    store.for_each_fact([&](const Store::FactRow& f) {
        if (!f.object) return;
        auto s = index.find(f.subject), o = index.find(f.object);
        if (s == index.end() || o == index.end()) return;
        neighbours[s->second].insert(f.object);
        neighbours[o->second].insert(f.subject);
    });

    std::vector<std::string> keys(entities.size());
    std::map<std::string, std::vector<std::size_t>> by_word, by_prefix, by_initials;
    for (std::size_t i = 0; i < entities.size(); ++i) {
        keys[i] = entity_key(entities[i].name);
        for (const auto& w : words(keys[i]))
            if (w.size() >= 3) by_word[w].push_back(i);
        if (keys[i].size() >= 5) by_prefix[keys[i].substr(0, 2)].push_back(i);
        const auto acro = initials(entities[i].name);
        if (!acro.empty()) by_initials[entity_key(acro)].push_back(i);
    }

    std::map<std::pair<std::size_t, std::size_t>, DuplicateCandidate> found;
    auto consider = [&](std::size_t i, std::size_t j, const std::string& reason,
                        double similarity) {
        if (i == j || !types_agree(entities[i].type, entities[j].type)) return;
        if (i > j) std::swap(i, j);
        std::size_t shared = 0;
        for (auto n : neighbours[i]) shared += neighbours[j].count(n);
        const double score = similarity + 0.1 * static_cast<double>(shared);
        auto& c = found[{i, j}];
        if (score > c.score)
            c = DuplicateCandidate{entities[i], entities[j], reason, shared, score};
    };
    for (const auto& [word, members] : by_word) {
        if (members.size() > kMaxBlock) continue;
        for (std::size_t x = 0; x < members.size(); ++x)
            for (std::size_t y = x + 1; y < members.size(); ++y) {
                const auto i = members[x], j = members[y];
                const double sim = jaccard(words(keys[i]), words(keys[j]));
                if (sim >= 0.5) consider(i, j, "shared words", sim);
            }
    }
    for (const auto& [prefix, members] : by_prefix) {
        if (members.size() > kMaxBlock) continue;
        for (std::size_t x = 0; x < members.size(); ++x)
            for (std::size_t y = x + 1; y < members.size(); ++y) {
                const auto i = members[x], j = members[y];
                const std::size_t bound = std::min(keys[i].size(), keys[j].size()) >= 8 ? 2 : 1;
                const auto d = edit_distance(keys[i], keys[j], bound);
                if (d > 0 && d <= bound)
                    consider(i, j, "spelling", 0.9 - 0.1 * static_cast<double>(d));
            }
    }
    for (std::size_t i = 0; i < entities.size(); ++i) {
        auto it = by_initials.find(keys[i]);
        if (it == by_initials.end()) continue;
        for (auto j : it->second) consider(i, j, "acronym", 0.8);
    }

    std::vector<DuplicateCandidate> out;
    for (auto& [pair, c] : found) out.push_back(std::move(c));
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
        return x.score != y.score ? x.score > y.score : x.a.id < y.a.id;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace kg
