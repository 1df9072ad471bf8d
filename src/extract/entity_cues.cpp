#include "kg/extract/entity_cues.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "kg/data_files.hpp"
#include "kg/error.hpp"
#include "kg/nlp/feature_hash.hpp"
#include "kg/nlp/tokenizer.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

constexpr std::array<std::pair<std::string_view, std::uint32_t>, 11> kClasses{{
    {"org-suffix", kCueOrgSuffix},
    {"org-word", kCueOrgWord},
    {"title", kCueTitle},
    {"place-word", kCuePlaceWord},
    {"event-word", kCueEventWord},
    {"month", kCueMonth},
    {"weekday", kCueWeekday},
    {"place", kCuePlace},
    {"given-name", kCueGivenName},
    {"organization", kCueOrganization},
    {"not-name", kCueNotName},
}};

// Marks a key that begins a longer entry, so that matching goes on.
constexpr std::uint32_t kPrefix = 1u << 31;

// Hash of a word lower-cased without its final "." (0 for words too long to be cues),
// computed without allocating: this runs for every token kg tags.
std::uint64_t word_key(std::string_view word) {
    if (word.size() > 1 && word.back() == '.') word.remove_suffix(1);
    char buf[32];
    if (word.empty() || word.size() > sizeof buf) return 0;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return features::hash_string(std::string_view(buf, word.size()));
}

// An entry's words as kg's tokenizer splits running text ("Coca-Cola" ->
// "Coca" "-" "Cola", "Editor's" -> "Editor" "'s"), so entries match tokens.
// A word's final "." stays on it ("u.s."): it is optional when matching.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    for (std::string word; in >> word;) {
        const auto tokens = tokenize(word);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0 && i + 1 == tokens.size() && tokens[i].form == ".")
                out.back() += '.';
            else
                out.push_back(tokens[i].form);
        }
    }
    return out;
}

bool has_capital(std::string_view word) {
    return std::any_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

EntityCues EntityCues::parse(std::string_view text, std::string_view name) {
    EntityCues cues;
    for_each_data_line(text, name, [&](const DataLine& line) {
        const auto& fields = line.fields;
        if (fields.size() != 2 || trim(fields[1]).empty()) line.fail("expected class<TAB>words");
        const auto cls = trim(fields[0]);
        const auto it = std::find_if(kClasses.begin(), kClasses.end(),
                                     [&](const auto& c) { return c.first == cls; });
        if (it == kClasses.end()) line.fail("unknown cue class '" + std::string(cls) + "'");
        try {
            cues.add(trim(fields[1]), it->second);
        } catch (const Error& e) {
            line.fail(e.what());
        }
    });
    return cues;
}

EntityCues EntityCues::load(const std::filesystem::path& file) {
    return parse(read_data_file(file, "entity cue lexicon"), file.string());
}

EntityCues EntityCues::load_default() {
    return load(find_data_file("lexicons/entity_cues.tsv"));
}

void EntityCues::add(std::string_view text, std::uint32_t classes) {
    const auto words = words_of(text);
    if (words.empty() || words.size() > kMaxWords)
        throw Error("a cue has one to " + std::to_string(kMaxWords) + " words");
    std::string normalized;
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string w = to_lower_ascii(words[i]);
        if (w.size() > 1 && w.back() == '.') w.pop_back();
        const std::uint64_t k = word_key(w);
        if (k == 0) throw Error("cue word '" + w + "' is too long");
        key = i == 0 ? k : features::mix(key, k);
        if (i > 0) normalized += ' ';
        normalized += w;
        if (i + 1 < words.size()) phrases_[key] |= kPrefix;
    }
    entries_[normalized] |= classes;
    phrases_[key] |= classes;
    longest_ = std::max(longest_, words.size());
}

std::uint32_t EntityCues::classes(std::string_view word) const {
    const std::uint64_t k = word_key(word);
    if (k == 0) return 0;
    const auto it = phrases_.find(k);
    if (it == phrases_.end()) return 0;
    return it->second & ~(has_capital(word) ? kPrefix : kPrefix | kCueCaseSensitive);
}

std::vector<std::uint64_t> EntityCues::keys_of(std::span<const Token> tokens) {
    std::vector<std::uint64_t> keys(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) keys[i] = word_key(tokens[i].form);
    return keys;
}

template <class F>
void EntityCues::each_entry_at(std::span<const Token> tokens, std::span<const std::uint64_t> keys,
                               std::size_t i, F&& f) const {
    std::uint64_t key = 0;
    for (std::size_t n = 0; n < longest_ && i + n < tokens.size(); ++n) {
        if (keys[i + n] == 0) break;
        key = n == 0 ? keys[i] : features::mix(key, keys[i + n]);
        const auto it = phrases_.find(key);
        if (it == phrases_.end()) break;  // no longer entry starts this way
        std::uint32_t cls = it->second & ~kPrefix;
        if (!has_capital(tokens[i].form)) cls &= ~kCueCaseSensitive;
        f(n + 1, cls);
    }
}

void EntityCues::mark(std::span<const Token> tokens, std::vector<std::uint32_t>& out) const {
    out.assign(tokens.size(), 0);
    if (phrases_.empty()) return;
    const auto keys = keys_of(tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i)
        each_entry_at(tokens, keys, i, [&](std::size_t words, std::uint32_t cls) {
            if (cls)
                for (std::size_t k = i; k < i + words; ++k) out[k] |= cls;
        });
}

std::uint32_t EntityCues::phrase(std::span<const Token> tokens) const {
    std::uint32_t out = 0;
    if (tokens.empty() || tokens.size() > longest_) return out;
    each_entry_at(tokens, keys_of(tokens), 0, [&](std::size_t words, std::uint32_t cls) {
        if (words == tokens.size()) out = cls;
    });
    return out;
}

std::vector<std::pair<std::size_t, std::size_t>> EntityCues::find(std::span<const Token> tokens,
                                                                  std::uint32_t classes) const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    const auto keys = keys_of(tokens);
    for (std::size_t i = 0; i < tokens.size();) {
        std::size_t end = i;
        each_entry_at(tokens, keys, i, [&](std::size_t words, std::uint32_t cls) {
            if (cls & classes) end = i + words;
        });
        if (end > i) out.emplace_back(i, end);
        i = std::max(end, i + 1);
    }
    return out;
}

std::vector<std::pair<std::string, std::uint32_t>> EntityCues::entries() const {
    return {entries_.begin(), entries_.end()};
}

}  // namespace kg
