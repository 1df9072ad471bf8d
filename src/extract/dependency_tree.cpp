#include "kg/extract/dependency_tree.hpp"

#include <algorithm>

namespace kg {

DependencyTree::DependencyTree(const Sentence& sentence) : s_(&sentence) {
    const std::size_t n = sentence.tokens.size();
    head_.assign(n, kNone);
    children_.assign(n, {});
    for (std::size_t i = 0; i < n; ++i) {
        const int h = sentence.tokens[i].head;
        // A malformed head (out of range, self) is treated as the root rather
        // than trusted: the extractor must never loop or index out of bounds.
        if (h >= 1 && static_cast<std::size_t>(h) <= n && static_cast<std::size_t>(h - 1) != i) {
            head_[i] = static_cast<std::size_t>(h - 1);
            children_[head_[i]].push_back(i);
        }
    }
}

std::string_view DependencyTree::relation(std::size_t i) const {
    std::string_view r = s_->tokens[i].deprel;
    return r.substr(0, r.find(':'));
}

std::optional<std::size_t> DependencyTree::child(std::size_t i, std::string_view rel) const {
    const bool full = rel.find(':') != std::string_view::npos;
    for (auto c : children_[i])
        if ((full ? full_relation(c) : relation(c)) == rel) return c;
    return std::nullopt;
}

std::vector<std::size_t> DependencyTree::children_with(std::size_t i, std::string_view rel) const {
    const bool full = rel.find(':') != std::string_view::npos;
    std::vector<std::size_t> out;
    for (auto c : children_[i])
        if ((full ? full_relation(c) : relation(c)) == rel) out.push_back(c);
    return out;
}

bool DependencyTree::has_relation(std::size_t i,
                                  std::initializer_list<std::string_view> relations) const {
    for (auto r : relations)
        if ((r.find(':') != std::string_view::npos ? full_relation(i) : relation(i)) == r)
            return true;
    return false;
}

void DependencyTree::collect(std::size_t i, std::size_t& lo, std::size_t& hi) const {
    // Iterative: a degenerate parse of a very long sentence must not blow the stack.
    std::vector<std::size_t> todo{i};
    while (!todo.empty()) {
        const auto t = todo.back();
        todo.pop_back();
        lo = std::min(lo, t);
        hi = std::max(hi, t + 1);
        for (auto c : children_[t]) todo.push_back(c);
    }
}

DependencyTree::Span DependencyTree::subtree(
    std::size_t i, std::initializer_list<std::string_view> excluded) const {
    std::size_t lo = i, hi = i + 1;
    for (auto c : children_[i])
        if (!has_relation(c, excluded)) collect(c, lo, hi);
    for (auto c : children_[i]) {
        if (!has_relation(c, excluded)) continue;
        std::size_t clo = c, chi = c + 1;
        collect(c, clo, chi);
        if (clo > i && clo < hi) hi = clo;
        if (chi <= i && chi > lo) lo = chi;
    }
    auto is_punct = [&](std::size_t t) { return s_->tokens[t].upos == "PUNCT"; };
    while (hi > lo + 1 && is_punct(hi - 1) && hi - 1 != i) --hi;
    while (hi > lo + 1 && is_punct(lo) && lo != i) ++lo;
    return {lo, hi};
}

}  // namespace kg
