#include "shell_completion.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "kg/query/functions.hpp"
#include "kg/strings.hpp"
#include "reports.hpp"

namespace kg::cli {
namespace {

constexpr std::array kKeywords = {
    "MATCH",
    "OPTIONAL",
    "WHERE",
    "RETURN",
    "WITH",
    "UNWIND",
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH",
    "REMOVE",
    "ORDER BY",
    "SKIP",
    "LIMIT",
    "ASC",
    "DESC",
    "DISTINCT",
    "AS",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "IS NULL",
    "IS NOT NULL",
    "NULL",
    "TRUE",
    "FALSE",
    "STARTS WITH",
    "ENDS WITH",
    "CONTAINS",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "UNION",
    "ALL",
    "shortestPath",
    "allShortestPaths",
};

constexpr std::array kColonCommands = {":help", ":schema", ":show", ":path", ":export", ":quit"};
bool starts_with_folded(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() &&
           to_lower_ascii(s.substr(0, prefix.size())) == to_lower_ascii(prefix);
}

template <class Words>
std::vector<std::string> matching(const Words& words, std::string_view prefix) {
    std::vector<std::string> out;
    for (const auto& w : words)
        if (starts_with_folded(w, prefix)) out.emplace_back(w);
    return out;
}

bool is_word_char(char c, bool in_type) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || u >= 0x80 || (in_type && c == '-');
}

// Where an unclosed quote opened in `line` (outside backticks), or npos.
std::size_t open_quote(std::string_view line) {
    char quote = 0;
    std::size_t at = std::string_view::npos;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == '\\' && quote != '`')
                ++i;
            else if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"' || c == '`') {
            quote = c;
            at = i;
        }
    }
    return quote && quote != '`' ? at : std::string_view::npos;
}

// The innermost bracket still open before the end of `line`: '(' or '['.
char open_bracket(std::string_view line) {
    std::vector<char> stack;
    char quote = 0;
    for (char c : line) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"' || c == '`') {
            quote = c;
        } else if (c == '(' || c == '[' || c == '{') {
            stack.push_back(c);
        } else if ((c == ')' || c == ']' || c == '}') && !stack.empty()) {
            stack.pop_back();
        }
    }
    for (auto it = stack.rbegin(); it != stack.rend(); ++it)
        if (*it == '(' || *it == '[') return *it;
    return 0;
}

Completion entity_completion(const CompletionWords& words, std::string_view line, std::size_t from,
                             std::string suffix) {
    Completion c;
    c.replace_from = from;
    c.candidates = words.entities(line.substr(from), 200, c.total);
    c.suffix = std::move(suffix);
    return c;
}

// :show NAME, :path A B, :export FORMAT FILE.
Completion complete_command(const CompletionWords& words, std::string_view line) {
    const std::size_t start = line.find(':');
    const std::size_t space = line.find(' ', start);
    if (space == std::string_view::npos) {
        Completion c;
        c.replace_from = start;
        c.candidates = matching(kColonCommands, line.substr(start));
        c.total = c.candidates.size();
        c.suffix = " ";
        return c;
    }
    const std::string_view command = line.substr(start, space - start);
    if (command == ":show") {
        std::size_t from = line.find_first_not_of(' ', space);
        if (from == std::string_view::npos) from = line.size();
        return entity_completion(words, line, from, "");
    }
    if (command == ":path") {
        // Names with spaces are quoted: :path "Satya Nadella" Microsoft
        if (const std::size_t q = open_quote(line); q != std::string_view::npos)
            return entity_completion(words, line, q + 1, std::string(1, line[q]) + " ");
        return entity_completion(words, line, line.rfind(' ') + 1, " ");
    }
    Completion c;
    if (command == ":export" &&
        line.find(' ', line.find_first_not_of(' ', space)) == std::string_view::npos) {
        c.replace_from = line.rfind(' ') + 1;
        c.candidates = matching(export_formats(), line.substr(c.replace_from));
        c.total = c.candidates.size();
        c.suffix = " ";
    }
    return c;
}

}  // namespace

CompletionWords::CompletionWords(std::vector<std::string> entities, std::vector<std::string> labels,
                                 std::vector<std::string> relation_types)
    : labels_(std::move(labels)), relation_types_(std::move(relation_types)) {
    entities_.reserve(entities.size());
    for (auto& name : entities) entities_.emplace_back(to_lower_ascii(name), std::move(name));
    std::sort(entities_.begin(), entities_.end());
    entities_.erase(std::unique(entities_.begin(), entities_.end()), entities_.end());
}

std::vector<std::string> CompletionWords::entities(std::string_view prefix, std::size_t limit,
                                                   std::size_t& total) const {
    const std::string key = to_lower_ascii(prefix);
    auto it = std::lower_bound(entities_.begin(), entities_.end(), key,
                               [](const auto& e, const std::string& k) { return e.first < k; });
    std::vector<std::string> out;
    total = 0;
    for (; it != entities_.end() && it->first.compare(0, key.size(), key) == 0; ++it, ++total)
        if (out.size() < limit) out.push_back(it->second);
    return out;
}

std::string common_prefix(const std::vector<std::string>& candidates) {
    if (candidates.empty()) return "";
    std::size_t n = candidates.front().size();
    for (const auto& c : candidates) {
        std::size_t i = 0;
        while (i < n && i < c.size() &&
               std::tolower(static_cast<unsigned char>(c[i])) ==
                   std::tolower(static_cast<unsigned char>(candidates.front()[i])))
            ++i;
        n = i;
    }
    // Do not cut a UTF-8 sequence in half.
    while (n > 0 && n < candidates.front().size() &&
           (static_cast<unsigned char>(candidates.front()[n]) & 0xC0) == 0x80)
        --n;
    return candidates.front().substr(0, n);
}

Completion complete(const CompletionWords& words, std::string_view line) {
    const std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line[first] == ':') return complete_command(words, line);

    // Inside a string: an entity name, closed with the same quote.
    if (const std::size_t q = open_quote(line); q != std::string_view::npos)
        return entity_completion(words, line, q + 1, std::string(1, line[q]));

    const char bracket = open_bracket(line);
    std::size_t from = line.size();
    while (from > 0 && is_word_char(line[from - 1], bracket == '[')) --from;
    const std::string_view word = line.substr(from);
    const char before = from > 0 ? line[from - 1] : ' ';

    Completion c;
    c.replace_from = from;
    if (before == ':' || (before == '|' && bracket == '[')) {
        c.candidates = matching(bracket == '[' ? words.relation_types() : words.labels(), word);
    } else {
        c.candidates = matching(kKeywords, word);
        // Typed in lower case, keywords come back in lower case.
        const bool lower = !word.empty() && to_lower_ascii(word) == word;
        for (auto& k : c.candidates)
            if (lower) k = to_lower_ascii(k);
        for (const query::FunctionName& f : query::function_names())
            if (starts_with_folded(f.name, word)) c.candidates.push_back(std::string(f.name) + "(");
        if (word.empty()) c.candidates.clear();  // no use listing every keyword
    }
    c.total = c.candidates.size();
    // A keyword is followed by a space; a label or type by what closes it
    // (`(a:Organization)`, `[:acquired|`), so no space after those.
    const bool schema_name = before == ':' || (before == '|' && bracket == '[');
    if (c.candidates.size() == 1 && c.candidates[0].back() != '(' && !schema_name) c.suffix = " ";
    return c;
}

}  // namespace kg::cli
