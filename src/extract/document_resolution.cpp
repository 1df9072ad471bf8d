#include "kg/extract/document_resolution.hpp"

#include <map>
#include <sstream>

#include "kg/strings.hpp"

namespace kg {
namespace {

std::vector<std::string> words_of(std::string_view name) {
    std::vector<std::string> words;
    std::istringstream in{std::string(name)};
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

bool is_acronym(std::string_view s) {
    if (s.size() < 2 || s.size() > 8) return false;
    for (char c : s)
        if (!is_upper_ascii(c) && !is_digit_ascii(c) && c != '&') return false;
    return true;
}

// The acronym written in parentheses right after a mention: "... Machines (IBM)".
std::string acronym_after(std::string_view text, std::size_t end) {
    std::size_t i = end;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size() || text[i] != '(') return {};
    const auto close = text.find(')', i);
    if (close == std::string_view::npos || close - i > 10) return {};
    return std::string(trim(text.substr(i + 1, close - i - 1)));
}

}  // namespace

std::string initials(std::string_view name) {
    std::string out;
    std::size_t significant = 0;
    for (const auto& w : words_of(name)) {
        const auto lower = to_lower_ascii(w);
        if (lower == "of" || lower == "and" || lower == "&" || lower == "the" || lower == "for")
            continue;
        ++significant;
        if (!w.empty() && is_upper_ascii(w[0])) out.push_back(w[0]);
    }
    return significant >= 2 ? out : std::string{};
}

void resolve_within_document(std::string_view text, const std::vector<NameMention>& mentions,
                             std::vector<Triple>& triples) {
    // What the document says about each name: its type and fuller forms.
    std::map<std::string, EntityType> type_of;
    auto learn_type = [&](const std::string& name, EntityType t) {
        if (t == EntityType::Other) return;
        auto& known = type_of[name];
        if (known == EntityType::Other) known = t;
    };
    for (const auto& m : mentions) {
        type_of.emplace(m.text, EntityType::Other);
        learn_type(m.text, m.type);
    }
    for (const auto& t : triples) {
        if (!t.subject.is_value) learn_type(t.subject.text, t.subject.type);
        if (!t.object.is_value) learn_type(t.object.text, t.object.type);
    }

    std::map<std::string, std::string> canonical;              // short name -> full name
    std::map<std::string, std::vector<std::string>> acronyms;  // full name -> acronyms
    std::map<std::string, std::string> last_word_owner;        // "Nadella" -> "Satya Nadella"
    for (const auto& m : mentions) {
        const auto words = words_of(m.text);
        const auto type = type_of[m.text];
        if (words.size() >= 2) {
            if (type == EntityType::Person) last_word_owner.emplace(words.back(), m.text);
            const auto acro = acronym_after(text, m.end);
            if (is_acronym(acro) && acro == initials(m.text)) {
                canonical.emplace(acro, m.text);
                acronyms[m.text].push_back(acro);
                learn_type(acro, type);
            }
        } else if (words.size() == 1 && !canonical.count(m.text)) {
            auto owner = last_word_owner.find(m.text);
            if (owner != last_word_owner.end()) canonical.emplace(m.text, owner->second);
        }
    }

    auto resolve = [&](Argument& a) {
        if (a.is_value) return;
        if (auto it = canonical.find(a.text); it != canonical.end()) a.text = it->second;
        if (auto it = type_of.find(a.text); it != type_of.end() && a.type == EntityType::Other)
            a.type = it->second;
        if (auto it = acronyms.find(a.text); it != acronyms.end()) a.aliases = it->second;
    };
    for (auto& t : triples) {
        resolve(t.subject);
        resolve(t.object);
    }
}

}  // namespace kg
