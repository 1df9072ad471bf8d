#include "kg/query/parameters.hpp"

#include <algorithm>

#include "kg/error.hpp"
#include "kg/query/engine.hpp"
#include "kg/query/parser.hpp"

namespace kg::query {
namespace {

// Only constants: a number, string, boolean, null, or lists and maps of
// them (a leading minus included). `1+2` or a bare word is not a literal.
bool is_literal(const Expression& e) {
    if (std::holds_alternative<Literal>(e.node)) return true;
    if (const auto* list = std::get_if<ListLiteral>(&e.node))
        return std::all_of(list->items.begin(), list->items.end(), is_literal);
    if (const auto* map = std::get_if<MapLiteral>(&e.node))
        return std::all_of(map->entries.begin(), map->entries.end(),
                           [](const auto& entry) { return is_literal(entry.second); });
    if (const auto* unary = std::get_if<Unary>(&e.node))
        return unary->op != UnaryOp::Not && std::holds_alternative<Literal>(unary->operand->node);
    return false;
}

// Digits after a leading zero (a zip code, an id: 02139, 0123) are text:
// read as Cypher, 0123 would be the old octal 83 while 02139 stays text.
bool leading_zero_digits(std::string_view text) {
    if (!text.empty() && text.front() == '-') text.remove_prefix(1);
    return text.size() > 1 && text[0] == '0' &&
           std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Value parameter_value(std::string_view text) {
    if (leading_zero_digits(text)) return Value::of_string(std::string(text));
    const std::string query = "RETURN " + std::string(text) + " AS v";
    try {
        const Query parsed = parse_query(query);
        const auto& clauses = parsed.parts.at(0).clauses;
        const auto* ret = clauses.size() == 1 ? std::get_if<Return>(&clauses[0].node) : nullptr;
        if (parsed.parts.size() == 1 && ret && ret->projection.items.size() == 1 &&
            is_literal(ret->projection.items[0].expression)) {
            MemoryGraph none;
            QueryResult r = execute(parsed, query, none);
            if (r.rows.size() == 1 && r.rows[0].size() == 1) return std::move(r.rows[0][0]);
        }
    } catch (const QueryError&) {
        // not a literal: the text itself
    }
    return Value::of_string(std::string(text));
}

std::pair<std::string, Value> parse_parameter(std::string_view assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw Error("--param needs NAME=VALUE, not '" + std::string(assignment) + "'");
    std::string name(assignment.substr(0, eq));
    if (!name.empty() && name.front() == '$') name.erase(0, 1);
    return {std::move(name), parameter_value(assignment.substr(eq + 1))};
}

}  // namespace kg::query
