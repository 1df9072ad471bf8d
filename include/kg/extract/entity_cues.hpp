// Small word lists that hint at entity names (lexicons/entity_cues.tsv):
// corporate suffixes, organization/place/event head words, personal titles,
// months and weekdays, countries and cities, given names, a gazetteer of
// well-known organizations, and words that are never names by themselves
// (page leftovers such as "Advertisement", acronyms such as "AI"). An entry is
// one to four words (as kg's tokenizer splits them: "Coca-Cola" is three) and
// maps to a bit mask of cue classes; matching ignores ASCII case and a final
// "." on each word, so "Inc." and "inc" are the same cue. The name classes
// (organization, not-name) match only where the first word has a capital
// letter: "Shell" the company, not "shell" the noun.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kg/nlp/sentence.hpp"

namespace kg {

enum EntityCue : std::uint32_t {
    kCueOrgSuffix = 1u << 0,
    kCueOrgWord = 1u << 1,
    kCueTitle = 1u << 2,
    kCuePlaceWord = 1u << 3,
    kCueEventWord = 1u << 4,
    kCueMonth = 1u << 5,
    kCueWeekday = 1u << 6,
    kCuePlace = 1u << 7,
    kCueGivenName = 1u << 8,
    kCueOrganization = 1u << 9,  // a well-known organization's whole name
    kCueNotName = 1u << 10,      // never a name by itself: "Advertisement", "AI"
};

// Classes that match only capitalized text.
inline constexpr std::uint32_t kCueCaseSensitive = kCueOrganization | kCueNotName;

class EntityCues {
  public:
    static constexpr std::size_t kMaxWords = 4;

    // "class<TAB>words" lines, '#' comments; throws kg::Error "<name>:<line>: ..."
    // for an unknown class or a malformed line.
    static EntityCues parse(std::string_view text, std::string_view name);
    static EntityCues load(const std::filesystem::path& file);  // throws kg::Error
    static EntityCues load_default();  // lexicons/entity_cues.tsv via find_data_file

    // The classes of the one-word entry `word` (0 = none).
    std::uint32_t classes(std::string_view word) const;
    // For each token, the classes of every entry that covers it.
    void mark(std::span<const Token> tokens, std::vector<std::uint32_t>& out) const;
    // The classes of the entry that is exactly `tokens`, all of them (0 = none).
    std::uint32_t phrase(std::span<const Token> tokens) const;
    // Token ranges [begin, end) of the entries of a class in `classes`, the
    // longest at each place, left to right, never overlapping.
    std::vector<std::pair<std::size_t, std::size_t>> find(std::span<const Token> tokens,
                                                          std::uint32_t classes) const;

    // (normalized words, classes) pairs, sorted: what a model file stores.
    std::vector<std::pair<std::string, std::uint32_t>> entries() const;
    // Throws kg::Error for an empty entry or one of more than kMaxWords words.
    void add(std::string_view words, std::uint32_t classes);

  private:
    static std::vector<std::uint64_t> keys_of(std::span<const Token> tokens);
    // Calls f(words, classes) for each entry that starts at tokens[i],
    // shortest first (classes 0 for a word run that only begins entries).
    template <class F>
    void each_entry_at(std::span<const Token> tokens, std::span<const std::uint64_t> keys,
                       std::size_t i, F&& f) const;

    std::map<std::string, std::uint32_t> entries_;              // normalized text
    std::unordered_map<std::uint64_t, std::uint32_t> phrases_;  // key of the words
    std::size_t longest_ = 0;
};

}  // namespace kg
