#include "kg/extract/mention_finder.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "kg/extract/entity_tagger.hpp"
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

// "AlphaCorp", "iPhone", "Firm97": capitals or digits inside a word mark a
// name wherever it stands.
bool name_shaped(std::string_view w) {
    bool letter = false, digit = false, inner_capital = false;
    for (std::size_t k = 0; k < w.size(); ++k) {
        const char c = w[k];
        if (is_digit_ascii(c)) digit = true;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letter = true;
        if (k > 0 && is_upper_ascii(c) && w[k - 1] >= 'a' && w[k - 1] <= 'z') inner_capital = true;
    }
    return letter && (digit || inner_capital);
}

bool is_name_token(const Sentence& s, std::size_t i, bool use_tags) {
    const Token& t = s.tokens[i];
    const auto lower = to_lower_ascii(t.form);
    if (contains(kMonths, lower)) return false;
    if (use_tags && t.upos == "PROPN") return true;
    if (!starts_capitalized(t.form)) return false;
    if (contains(kNotNames, lower)) return false;
    if (!use_tags) return true;
    // The tagger misses names it has not seen ("Red Hat", "AlphaTarget3"): a
    // capitalized content word inside a sentence is a name too. At the
    // start of a sentence capitals say nothing, so there the tag decides.
    const auto& u = t.upos;
    if (i == 0)  // "International Business Machines acquired …", "Firm97 acquired …"
        return name_shaped(t.form) ||
               ((u == "ADJ" || u == "NOUN") && s.tokens.size() > 1 && s.tokens[1].upos == "PROPN");
    return u == "NOUN" || u == "ADJ" || u == "ADV" || u == "X" || u == "NUM";
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
        m.type_certain = m.type != EntityType::Other;
        m.text = tokens_text(sentence, text_first, m.last);
        out.push_back(std::move(m));
        i = k;
    }
    return out;
}

std::vector<MentionSpan> find_names(const Sentence& s, const EntityTagger* entities) {
    auto found = find_mentions(s);
    if (!entities) return found;
    auto function_word = [&](std::size_t i) {
        const auto& u = s.tokens[i].upos;
        return u == "ADP" || u == "SYM" || u == "PUNCT" || u == "DET" || u == "CCONJ";
    };
    std::vector<MentionSpan> out;
    for (const auto& e : entities->tag(s)) {
        MentionSpan m;
        m.first = e.begin;
        m.last = e.end;
        // "Red Hat for $": a name neither starts nor ends with a function word.
        while (m.last > m.first + 1 && function_word(m.last - 1)) --m.last;
        while (m.last > m.first + 1 && function_word(m.first)) ++m.first;
        m.type = e.type;
        // The tagger is often sure and wrong about names it has never seen
        // ("Mandiant" a Person at 0.998): its types stay guesses that a
        // relation's expected argument type may overrule.
        m.type_certain = false;
        m.text = tokens_text(s, m.first, m.last);
        for (const auto& f : found) {
            if (f.first > m.first || f.last < m.last) continue;
            // A longer run of capitalized words holds the tagger's name:
            // "International Business Machines" around "International Business".
            m.first = f.first;
            m.last = f.last;
            m.text = f.text;
            if (f.type_certain) {
                m.type = f.type;
                m.type_certain = true;
            }
        }
        out.push_back(std::move(m));
    }
    for (const auto& f : found) {
        const bool overlaps = std::any_of(out.begin(), out.end(), [&](const MentionSpan& m) {
            return f.first < m.last && m.first < f.last;
        });
        if (!overlaps) out.push_back(f);
    }
    std::sort(out.begin(), out.end(),
              [](const MentionSpan& a, const MentionSpan& b) { return a.first < b.first; });
    return out;
}

}  // namespace kg
