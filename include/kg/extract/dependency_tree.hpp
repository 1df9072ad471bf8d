// Navigation over a parsed Sentence: children lists, relations without their
// subtypes, subtree spans. Token indices are 0-based; Token::head is 1-based
// with 0 for the root, as in CoNLL-U, and this type hides that difference.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "kg/nlp/sentence.hpp"

namespace kg {

class DependencyTree {
  public:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    explicit DependencyTree(const Sentence& sentence);

    const Sentence& sentence() const { return *s_; }
    std::size_t size() const { return head_.size(); }
    std::size_t head(std::size_t i) const { return head_[i]; }  // kNone for the root
    const std::vector<std::size_t>& children(std::size_t i) const { return children_[i]; }

    // "obl" for "obl:tmod"; the full label with full_relation().
    std::string_view relation(std::size_t i) const;
    std::string_view full_relation(std::size_t i) const { return s_->tokens[i].deprel; }

    // The first child whose relation (without subtype) is `rel`, or whose
    // full label is `rel` when `rel` has a subtype ("nsubj:pass").
    std::optional<std::size_t> child(std::size_t i, std::string_view rel) const;
    std::vector<std::size_t> children_with(std::size_t i, std::string_view rel) const;

    // Lower-case form and lemma.
    std::string_view lemma(std::size_t i) const { return s_->tokens[i].lemma; }
    std::string_view upos(std::size_t i) const { return s_->tokens[i].upos; }
    std::string_view xpos(std::size_t i) const { return s_->tokens[i].xpos; }

    // The span [first, last) of i's subtree, leaving out the subtrees of i's
    // own children whose relation is in `excluded` ("conj" matches any
    // subtype, "acl:relcl" only itself), and trimming punctuation at both
    // ends. Deeper dependents are all kept: "the terms of their partnership"
    // keeps its inner "of". The result is contiguous: when an excluded child
    // sits between kept words, the span stops at it on the head's side.
    struct Span {
        std::size_t first = 0;
        std::size_t last = 0;
    };
    Span subtree(std::size_t i, std::initializer_list<std::string_view> excluded = {}) const;

    bool has_relation(std::size_t i, std::initializer_list<std::string_view> relations) const;

  private:
    void collect(std::size_t i, std::size_t& lo, std::size_t& hi) const;

    const Sentence* s_;
    std::vector<std::size_t> head_;
    std::vector<std::vector<std::size_t>> children_;
};

}  // namespace kg
