#include "kg/query/schema_hints.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "kg/query/parser.hpp"

namespace kg::query {
namespace {

struct Used {
    std::vector<const Name*> labels, types;
};

void collect(const PatternPart& part, Used& used) {
    for (const Name& l : part.start.labels) used.labels.push_back(&l);
    for (const PatternStep& s : part.steps) {
        for (const Name& t : s.relationship.types) used.types.push_back(&t);
        for (const Name& l : s.node.labels) used.labels.push_back(&l);
    }
}

// The known name closest to `name`, when it is close enough to be a typo.
std::string closest(const std::string& name, const std::vector<std::string>& known) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
    for (const auto& k : known) {
        const std::size_t d = edit_distance(name, k);
        if (d < best_distance) {
            best_distance = d;
            best = k;
        }
    }
    return best;
}

std::string hint(std::string_view what, const Name& name, std::string_view text,
                 const std::vector<std::string>& known) {
    const QueryError where(text, name.offset, "");
    std::string line = "unknown " + std::string(what) + " `" + name.text + "` (line " +
                       std::to_string(where.line()) + ", column " + std::to_string(where.column()) +
                       ")";
    const std::string suggestion = closest(name.text, known);
    if (!suggestion.empty()) return line + "; did you mean `" + suggestion + "`?";
    return line + "; this graph has no such " + std::string(what);
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                               diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> schema_hints(const Query& query, std::string_view text,
                                      MemoryGraph& graph) {
    Used used;
    for (const SingleQuery& part : query.parts)
        for (const Clause& clause : part.clauses)
            if (const auto* m = std::get_if<Match>(&clause.node))
                for (const PatternPart& p : m->pattern) collect(p, used);
    std::vector<std::string> out;
    std::set<std::string> reported;
    if (!used.labels.empty()) {
        const std::vector<std::string> labels = graph.schema_labels();
        for (const Name* l : used.labels)
            if (std::find(labels.begin(), labels.end(), l->text) == labels.end() &&
                reported.insert("label " + l->text).second)
                out.push_back(hint("label", *l, text, labels));
    }
    std::vector<std::string> types;  // read only when a type is unknown: may scan the store
    for (const Name* t : used.types) {
        if (graph.has_relationship_type(t->text) || !reported.insert("type " + t->text).second)
            continue;
        if (types.empty()) types = graph.schema_relationship_types();
        out.push_back(hint("relationship type", *t, text, types));
    }
    return out;
}

}  // namespace kg::query
