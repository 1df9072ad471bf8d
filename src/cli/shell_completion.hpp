// Tab completion for kg shell: what the word before the cursor may become.
// Plain words complete to Cypher keywords and functions; a word after ':'
// to a label (inside `( )`) or a relation type (inside `[ ]`); text after an
// open quote, and the arguments of :show and :path, to entity names; a
// leading ':' to a colon command. Names match case-insensitively and come
// back spelled as the graph spells them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kg::cli {

// The names completion draws on, taken from the graph at startup.
class CompletionWords {
  public:
    CompletionWords(std::vector<std::string> entities, std::vector<std::string> labels,
                    std::vector<std::string> relation_types);

    // Entity names starting with `prefix` (any case), in name order; at most
    // `limit` of them, `total` set to how many there are.
    std::vector<std::string> entities(std::string_view prefix, std::size_t limit,
                                      std::size_t& total) const;
    const std::vector<std::string>& labels() const { return labels_; }
    const std::vector<std::string>& relation_types() const { return relation_types_; }

  private:
    std::vector<std::pair<std::string, std::string>> entities_;  // (lower-case, as spelled)
    std::vector<std::string> labels_, relation_types_;
};

struct Completion {
    std::size_t replace_from = 0;         // byte offset in the line where the word starts
    std::vector<std::string> candidates;  // whole words, not just their rest
    std::size_t total = 0;                // candidates there are (may exceed the list)
    std::string suffix;                   // appended after a single candidate (space, quote)
};

// Completes `line`, the current input line up to the cursor.
Completion complete(const CompletionWords& words, std::string_view line);

// The longest prefix all candidates share, compared case-insensitively and
// spelled as the first candidate spells it.
std::string common_prefix(const std::vector<std::string>& candidates);

}  // namespace kg::cli
