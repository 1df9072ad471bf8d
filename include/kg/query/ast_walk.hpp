// Walking the expression tree of kg/query/ast.hpp: the one place that knows
// which sub-expressions each kind of expression has, for the semantic
// checker and the evaluator alike; and which calls aggregate.
#pragma once

#include <string_view>
#include <type_traits>
#include <variant>

#include "kg/query/ast.hpp"

namespace kg::query {

// A list comprehension or quantifier evaluates its WHERE and projection with
// its own variable bound. Enter visits them like any child; Skip visits
// only the list they range over (for callers that scope the variable
// themselves, or must not see it as a free variable).
enum class Scopes { Enter, Skip };

// Calls f(child) for each direct sub-expression of `e`, in source order.
// Pattern predicates name pattern variables, not expressions: no children.
template <class F>
void for_each_child(const Expression& e, F&& f, Scopes scopes = Scopes::Enter) {
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, ListLiteral>) {
                for (const auto& i : x.items) f(i);
            } else if constexpr (std::is_same_v<T, MapLiteral>) {
                for (const auto& entry : x.entries) f(entry.second);
            } else if constexpr (std::is_same_v<T, PropertyAccess> ||
                                 std::is_same_v<T, LabelCheck>) {
                f(*x.subject);
            } else if constexpr (std::is_same_v<T, IndexAccess>) {
                f(*x.subject);
                f(*x.index);
            } else if constexpr (std::is_same_v<T, Slice>) {
                f(*x.subject);
                if (x.from) f(*x.from);
                if (x.to) f(*x.to);
            } else if constexpr (std::is_same_v<T, Unary> || std::is_same_v<T, IsNull>) {
                f(*x.operand);
            } else if constexpr (std::is_same_v<T, Binary>) {
                f(*x.lhs);
                f(*x.rhs);
            } else if constexpr (std::is_same_v<T, FunctionCall>) {
                for (const auto& a : x.args) f(a);
            } else if constexpr (std::is_same_v<T, Case>) {
                if (x.subject) f(*x.subject);
                for (const auto& w : x.whens) {
                    f(w.when);
                    f(w.then);
                }
                if (x.otherwise) f(*x.otherwise);
            } else if constexpr (std::is_same_v<T, ListComprehension>) {
                f(*x.list);
                if (scopes == Scopes::Skip) return;
                if (x.where) f(*x.where);
                if (x.projection) f(*x.projection);
            } else if constexpr (std::is_same_v<T, Quantifier>) {
                f(*x.list);
                if (scopes == Scopes::Skip) return;
                if (x.where) f(*x.where);
            }
        },
        e.node);
}

// count(*) or a call of an aggregating function.
inline bool is_aggregate(const Expression& e) {
    if (std::holds_alternative<CountStar>(e.node)) return true;
    const auto* call = std::get_if<FunctionCall>(&e.node);
    return call && is_aggregate_function(call->function);
}

}  // namespace kg::query
