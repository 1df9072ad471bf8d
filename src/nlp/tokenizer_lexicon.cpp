#include "tokenizer_lexicon.hpp"

#include <algorithm>
#include <array>

#include "tokenizer_chars.hpp"

namespace kg::tok {
namespace {

// Copies `word` lowercased into `buf`; false when it does not fit (then no
// list entry can match, as every entry is shorter).
template <std::size_t N>
bool lower_into(std::string_view word, std::array<char, N>& buf, std::string_view& out) {
    if (word.size() > N) return false;
    for (std::size_t i = 0; i < word.size(); ++i) buf[i] = ascii_lower(word[i]);
    out = std::string_view(buf.data(), word.size());
    return true;
}

template <std::size_t N>
bool contains_sorted(const std::array<std::string_view, N>& list, std::string_view key) {
    return std::binary_search(list.begin(), list.end(), key);
}

template <std::size_t N>
bool contains_lower(const std::array<std::string_view, N>& list, std::string_view word) {
    std::array<char, 16> buf{};
    std::string_view key;
    return lower_into(word, buf, key) && contains_sorted(list, key);
}

// Case-sensitive, sorted. Titles and month names stand before a name or a
// number, so a period after them is an abbreviation's even before a capital.
constexpr std::array<std::string_view, 61> kTitles = {
    "Adm", "Apr",    "Aug",  "Brig", "Capt", "Cmdr", "Col",  "Cpl", "Dec",  "Dr",  "Drs",
    "Feb", "Fr",     "Ft",   "Gen",  "Gov",  "Hon",  "Jan",  "Jul", "Jun",  "Lt",  "Maj",
    "Mar", "Messrs", "Mmes", "Mr",   "Mrs",  "Ms",   "Msgr", "Mt",  "No",   "Nos", "Nov",
    "Oct", "Pres",   "Prof", "Pvt",  "Rep",  "Reps", "Rev",  "Sen", "Sens", "Sep", "Sept",
    "Sgt", "St",     "Supt", "Vol",  "dr",   "fig",  "mr",   "mrs", "ms",   "no",  "nos",
    "pp",  "prof",   "st",   "v",    "vol",  "vs"};

// Case-sensitive, sorted. Abbreviations that can end a sentence.
constexpr std::array<std::string_view, 101> kOthers = {
    "Ala", "Ariz", "Ark",  "Ave",  "Blvd", "Bros", "Calif",  "Co",   "Colo", "Conn", "Corp",
    "Del", "Dept", "Esq",  "Fig",  "Fla",  "Fri",  "Ga",     "Ill",  "Inc",  "Ind",  "Jr",
    "Kan", "Ky",   "La",   "Ln",   "Ltd",  "Mass", "Md",     "Mich", "Minn", "Mo",   "Mon",
    "Neb", "Nev",  "Okla", "Ont",  "Ore",  "Pa",   "Penn",   "Ph.D", "Rd",   "Sat",  "Sr",
    "Sts", "Sun",  "Tenn", "Tex",  "Thu",  "Thur", "Thurs",  "Tue",  "Tues", "Univ", "Va",
    "Vt",  "Wash", "Wed",  "Wis",  "Wyo",  "al",   "approx", "apt",  "assn", "ave",  "bros",
    "ca",  "cf",   "co",   "corp", "dept", "e.g",  "ed",     "eds",  "esp",  "est",  "etc",
    "ext", "hr",   "hrs",  "i.e",  "inc",  "jr",   "lb",     "lbs",  "ltd",  "min",  "mins",
    "mos", "oz",   "pt",   "pts",  "qtr",  "sq",   "sr",     "tel",  "viz",  "wk",   "wks",
    "yr",  "yrs"};

constexpr std::array<std::string_view, 33> kHyphenPrefixes = {
    "anti", "auto",  "bi",    "co",    "counter", "cross", "cyber",  "de",     "e",
    "ex",   "extra", "hyper", "intra", "macro",   "mega",  "micro",  "mid",    "multi",
    "neo",  "non",   "over",  "post",  "pre",     "pro",   "pseudo", "psycho", "quasi",
    "re",   "semi",  "sub",   "tri",   "ultra",   "un"};

constexpr std::array<std::string_view, 45> kUnits = {
    "am",  "b",  "bn",  "bp", "c",   "cc", "cm",   "f",  "ft",  "g",    "gb", "ghz",
    "gw",  "h",  "hh",  "hr", "hrs", "hz", "k",    "kb", "kg",  "khz",  "km", "kw",
    "kwh", "lb", "lbs", "m",  "mb",  "mg", "mhz",  "mi", "min", "mins", "ml", "mm",
    "mph", "mw", "mwh", "oz", "p",   "pm", "sqft", "tb", "x"};

struct Fused {
    std::string_view word;
    std::size_t split;
};

// Sorted by word. EWT annotates these as multiword tokens.
constexpr std::array<Fused, 38> kFused = {{
    {"aint", 2},   {"arent", 3},   {"cannot", 3}, {"cant", 2},     {"couldnt", 5}, {"didnt", 3},
    {"doesnt", 4}, {"dont", 2},    {"dunno", 3},  {"gonna", 3},    {"gotta", 3},   {"hadnt", 3},
    {"hasnt", 3},  {"havent", 4},  {"hes", 2},    {"im", 1},       {"isnt", 2},    {"itll", 2},
    {"ive", 1},    {"outta", 3},   {"shes", 3},   {"shouldnt", 6}, {"thats", 4},   {"theres", 5},
    {"theyre", 4}, {"theyve", 4},  {"wanna", 3},  {"wasnt", 3},    {"werent", 4},  {"whats", 4},
    {"wont", 2},   {"wouldnt", 5}, {"youd", 3},   {"youll", 3},    {"youre", 3},   {"youve", 3},
    {"yall", 1},   {"thatll", 4},
}};

constexpr std::array<std::string_view, 19> kClitics = {"'",  "'d", "'ll", "'m",  "'re", "'s", "'ve",
                                                       "d",  "ll", "m",   "n't", "na",  "no", "not",
                                                       "nt", "re", "s",   "ta",  "ve"};

// Sorted, case-sensitive. Words that, capitalized after an abbreviation's
// period, mean a new sentence began ("in the U.S. The company ...").
constexpr std::array<std::string_view, 62> kStarters = {
    "A",     "After",   "Also",      "An",      "And",   "Another", "As",   "At",      "But",
    "By",    "Despite", "During",    "Each",    "Even",  "For",     "From", "He",      "Her",
    "Here",  "His",     "How",       "However", "I",     "If",      "In",   "Instead", "It",
    "Its",   "Last",    "Meanwhile", "More",    "Most",  "Mr",      "Mrs",  "Ms",      "Now",
    "On",    "One",     "Our",       "She",     "Since", "So",      "Some", "That",    "The",
    "Their", "There",   "These",     "They",    "This",  "Those",   "To",   "Under",   "We",
    "What",  "When",    "Where",     "While",   "Why",   "With",    "Yet",  "You"};

}  // namespace

Abbreviation abbreviation_kind(std::string_view word) {
    if (contains_sorted(kTitles, word)) return Abbreviation::title;
    if (contains_sorted(kOthers, word)) return Abbreviation::other;
    return Abbreviation::none;
}

Abbreviation abbreviation_kind_lowered(std::string_view word) {
    std::array<char, 16> buf{};
    std::string_view key;
    return lower_into(word, buf, key) ? abbreviation_kind(key) : Abbreviation::none;
}

bool is_hyphen_prefix(std::string_view segment) {
    return contains_lower(kHyphenPrefixes, segment);
}

bool is_unit_suffix(std::string_view letters) {
    return contains_lower(kUnits, letters);
}

std::size_t fused_contraction_split(std::string_view word) {
    std::array<char, 16> buf{};
    std::string_view key;
    if (word.size() < 2 || !lower_into(word, buf, key)) return 0;
    // Most words share no first letter with an entry: skip the comparison.
    for (const auto& f : kFused)
        if (f.word[0] == key[0] && f.word == key) return f.split;
    return 0;
}

bool is_clitic(std::string_view form) {
    // Map the curly apostrophe to ASCII so both spellings share one list.
    std::array<char, 16> buf{};
    std::size_t n = 0;
    for (std::size_t i = 0; i < form.size(); ++i) {
        if (n == buf.size()) return false;
        if (form.substr(i, 3) == "\xE2\x80\x99") {
            buf[n++] = '\'';
            i += 2;
        } else if (form[i] == '`') {
            buf[n++] = '\'';
        } else {
            buf[n++] = ascii_lower(form[i]);
        }
    }
    return contains_sorted(kClitics, std::string_view(buf.data(), n));
}

bool is_sentence_starter(std::string_view word) {
    return contains_sorted(kStarters, word);
}

}  // namespace kg::tok
