#include "kg/extract/mention_finder.hpp"

#include <array>
#include <string_view>

#include "kg/strings.hpp"

namespace kg {
namespace {

// Capitalized only because they open a sentence or a headline: never names
// on their own. Checked in lower case.
constexpr std::array<std::string_view, 76> kNotNames{
    "the", "a", "an", "in", "on", "at", "for", "with", "this", "that", "these", "those", "it",
    "its", "he", "she", "they", "we", "i", "you", "if", "when", "while", "after", "before", "as",
    "but", "and", "or", "so", "what", "why", "how", "who", "key", "many", "some", "most", "all",
    "both", "meanwhile", "however", "also", "there", "here", "one", "last", "next", "today",
    "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "under", "by", "from", "to", "his", "her", "their",
    // Titles precede names but are not part of them: "Nvidia CEO Jensen Huang".
    "ceo", "cfo", "cto", "chief", "executive", "chairman", "chairwoman", "founder", "co-founder",
    "president", "director", "minister"};

constexpr std::array<std::string_view, 16> kCorporateSuffixes{
    "corp",    "corp.", "corporation", "inc", "inc.", "incorporated", "ltd",   "ltd.",
    "limited", "llc",   "plc",         "co.", "gmbh", "ag",           "group", "holdings"};

constexpr std::array<std::string_view, 8> kPersonTitles{"mr.", "mrs.", "ms.", "dr.",
                                                        "mr",  "mrs",  "ms",  "dr"};

constexpr std::array<std::string_view, 12> kMonths{"january",   "february", "march",    "april",
                                                   "may",       "june",     "july",     "august",
                                                   "september", "october",  "november", "december"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view lower) {
    for (auto w : list)
        if (w == lower) return true;
    return false;
}

bool tagged(const Sentence& s) {
    return !s.tokens.empty() && !s.tokens.front().upos.empty();
}

bool is_name_token(const Sentence& s, std::size_t i, bool use_tags) {
    const Token& t = s.tokens[i];
    const auto lower = to_lower_ascii(t.form);
    if (contains(kMonths, lower)) return false;
    if (use_tags) return t.upos == "PROPN";
    if (!starts_capitalized(t.form)) return false;
    if (contains(kNotNames, lower)) return false;
    return true;
}

}  // namespace

std::string tokens_text(const Sentence& sentence, std::size_t first, std::size_t last) {
    std::string out;
    for (std::size_t k = first; k < last; ++k) {
        out += sentence.tokens[k].form;
        if (k + 1 < last && sentence.tokens[k].space_after) out += ' ';
    }
    return out;
}

std::vector<MentionSpan> find_mentions(const Sentence& sentence) {
    const auto& t = sentence.tokens;
    const bool use_tags = tagged(sentence);
    std::vector<MentionSpan> out;
    for (std::size_t i = 0; i < t.size();) {
        if (!is_name_token(sentence, i, use_tags)) {
            ++i;
            continue;
        }
        MentionSpan m;
        m.first = i;
        std::size_t k = i + 1;
        for (;;) {
            if (k < t.size() && is_name_token(sentence, k, use_tags)) {
                ++k;
            } else if (k + 1 < t.size() && (t[k].form == "of" || t[k].form == "&") &&
                       is_name_token(sentence, k + 1, use_tags)) {
                k += 2;
            } else if (k < t.size() && contains(kCorporateSuffixes, to_lower_ascii(t[k].form))) {
                ++k;
                m.type = EntityType::Organization;
            } else {
                break;
            }
        }
        m.last = k;
        std::size_t text_first = m.first;
        if (contains(kPersonTitles, to_lower_ascii(t[m.first].form))) {
            m.type = EntityType::Person;
            if (m.last - m.first > 1) ++text_first;
        }
        if (contains(kCorporateSuffixes, to_lower_ascii(t[m.last - 1].form)))
            m.type = EntityType::Organization;
        m.text = tokens_text(sentence, text_first, m.last);
        out.push_back(std::move(m));
        i = k;
    }
    return out;
}

}  // namespace kg
