#include "kg/query/semantic_check.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "kg/query/ast_print.hpp"
#include "kg/query/ast_walk.hpp"
#include "kg/query/functions.hpp"
#include "kg/query/parser.hpp"

namespace kg::query {

namespace {

// What a variable is known to hold. Unknown (from UNWIND, parameters,
// functions) never conflicts; the others conflict with each other.
enum class Kind { Unknown, Node, Relationship, RelationshipList, Path, Value };

using Scope = std::map<std::string, Kind>;

struct Checker {
    std::string_view text;
    mutable std::size_t depth_ = 0;  // of the expression check_expression is in

    // Everything found here is a compile-time SyntaxError in openCypher;
    // `detail` is the TCK's name for the case.
    [[noreturn]] void fail(std::size_t offset, const std::string& problem,
                           const char* detail) const {
        throw QueryError(text, std::min(offset, text.size()), problem,
                         {QueryErrorType::SyntaxError, detail});
    }

    Kind kind_of(const Expression& e, const Scope& scope) const {
        if (auto* v = std::get_if<Variable>(&e.node)) {
            auto it = scope.find(v->name);
            return it == scope.end() ? Kind::Unknown : it->second;
        }
        if (std::holds_alternative<Literal>(e.node) ||
            std::holds_alternative<ListLiteral>(e.node) ||
            std::holds_alternative<MapLiteral>(e.node) || std::holds_alternative<Binary>(e.node) ||
            std::holds_alternative<IsNull>(e.node) || std::holds_alternative<CountStar>(e.node))
            return Kind::Value;
        return Kind::Unknown;
    }

    // Every Variable in `e` must be in scope (comprehension variables are
    // in scope inside their own expression).
    void check_expression(const Expression& e, const Scope& scope) const {
        // Everything after this walks the tree recursively: bound its depth.
        struct Deeper {
            std::size_t& depth;
            explicit Deeper(std::size_t& d) : depth(++d) {}
            ~Deeper() { --depth; }
        } deeper(depth_);
        if (depth_ > kMaxExpressionDepth)
            fail(e.offset,
                 "expression nested more than " + std::to_string(kMaxExpressionDepth) +
                     " levels deep (a chain of operators counts its length)",
                 "");
        if (auto* v = std::get_if<Variable>(&e.node)) {
            if (!scope.count(v->name))
                fail(e.offset, "variable `" + v->name + "` not defined", "UndefinedVariable");
            return;
        }
        if (auto* c = std::get_if<ListComprehension>(&e.node)) {
            check_expression(*c->list, scope);
            Scope inner = scope;
            inner[c->variable] = Kind::Unknown;
            if (c->where) check_expression(*c->where, inner);
            if (c->projection) check_expression(*c->projection, inner);
            return;
        }
        if (auto* q = std::get_if<Quantifier>(&e.node)) {
            check_expression(*q->list, scope);
            Scope inner = scope;
            inner[q->variable] = Kind::Unknown;
            if (q->where) check_expression(*q->where, inner);
            return;
        }
        if (std::holds_alternative<PatternPredicate>(e.node)) return;  // may name new variables
        if (auto* call = std::get_if<FunctionCall>(&e.node)) {
            if (call->function == Function::Unknown)
                fail(e.offset, "unknown function " + call->name + function_hint(call->name),
                     "UnknownFunction");
            if (is_aggregate(e))
                for (const Expression& a : call->args) {
                    if (contains_aggregate(a))
                        fail(a.offset, "aggregations cannot be nested", "NestedAggregation");
                    // An aggregate of random numbers has no stable meaning.
                    if (contains_call(a, Function::Rand))
                        fail(a.offset, "rand() cannot be aggregated", "NonConstantExpression");
                }
        }
        for_each_child(
            e, [&](const Expression& c) { check_expression(c, scope); }, Scopes::Skip);
    }

    // MATCH/MERGE take property maps written out; a parameter there is
    // refused (CREATE may use one).
    void check_properties(const Box<Expression>& props, const Scope& scope, bool creating) const {
        if (!props) return;
        if (!creating && std::holds_alternative<Parameter>(props->node))
            fail(props->offset, "a parameter cannot be used as a pattern's property map",
                 "InvalidParameterUse");
        check_expression(*props, scope);
    }

    // In CREATE, a bound node may only be referred to, not re-declared with
    // labels or properties, and not created alone.
    void bind_node(const NodePattern& n, Scope& scope, bool creating, bool alone) const {
        if (!n.variable) return;
        auto it = scope.find(*n.variable);
        if (creating && it != scope.end() && (alone || !n.labels.empty() || n.properties))
            fail(n.offset, "variable `" + *n.variable + "` already declared",
                 "VariableAlreadyBound");
        if (it != scope.end() && it->second != Kind::Node && it->second != Kind::Unknown)
            fail(n.offset, "variable `" + *n.variable + "` already declared as another type",
                 "VariableTypeConflict");
        scope[*n.variable] = Kind::Node;
    }

    // `clause_rels` holds the relationship variables this clause's pattern
    // has already bound: the same one twice cannot match (uniqueness).
    void bind_pattern(const Pattern& pattern, Scope& scope, bool creating) const {
        std::set<std::string> clause_rels;
        for (const PatternPart& part : pattern) {
            if (part.path_variable && scope.count(*part.path_variable))
                fail(part.offset, "variable `" + *part.path_variable + "` already declared",
                     "VariableAlreadyBound");
            check_properties(part.start.properties, scope, creating);
            bind_node(part.start, scope, creating, part.steps.empty());
            for (const PatternStep& s : part.steps) {
                const RelationshipPattern& r = s.relationship;
                check_properties(r.properties, scope, creating);
                if (r.variable) {
                    auto it = scope.find(*r.variable);
                    if (clause_rels.count(*r.variable))
                        fail(r.offset, "variable `" + *r.variable + "` used twice in one pattern",
                             "RelationshipUniquenessViolation");
                    if (creating && it != scope.end())
                        fail(r.offset, "variable `" + *r.variable + "` already declared",
                             "VariableAlreadyBound");
                    // A variable-length relationship may be bound to a list.
                    if (it != scope.end() && it->second != Kind::Unknown &&
                        it->second != Kind::Relationship &&
                        !(r.length &&
                          (it->second == Kind::Value || it->second == Kind::RelationshipList)))
                        fail(r.offset,
                             "variable `" + *r.variable + "` already declared as another type",
                             "VariableTypeConflict");
                    clause_rels.insert(*r.variable);
                    scope[*r.variable] = r.length ? Kind::RelationshipList : Kind::Relationship;
                }
                if (creating) {
                    if (r.types.size() != 1)
                        fail(r.offset, "CREATE needs exactly one relationship type",
                             "NoSingleRelationshipType");
                    if (r.direction == Direction::Both)
                        fail(r.offset, "CREATE needs a directed relationship",
                             "RequiresDirectedRelationship");
                    if (r.length)
                        fail(r.offset, "CREATE cannot use a variable-length relationship",
                             "CreatingVarLength");
                }
                check_properties(s.node.properties, scope, creating);
                bind_node(s.node, scope, creating, false);
            }
            if (part.path_variable) {
                // p = (p)-->(): the path's own elements cannot share its name.
                bool clash = part.start.variable == part.path_variable;
                for (const PatternStep& s : part.steps)
                    clash = clash || s.node.variable == part.path_variable ||
                            s.relationship.variable == part.path_variable;
                if (clash)
                    fail(part.offset, "variable `" + *part.path_variable + "` already declared",
                         "VariableAlreadyBound");
                scope[*part.path_variable] = Kind::Path;
            }
        }
    }

    static const std::string& column_name(const ProjectionItem& item) {
        return item.alias ? *item.alias : item.text;
    }

    void projection(const Projection& p, Scope& scope, bool is_return) const {
        Scope next;
        if (p.star) {
            if (scope.empty() && is_return)
                fail(0, "RETURN * has no variables in scope", "NoVariablesInScope");
            next = scope;
        }
        for (std::size_t i = 0; i < p.items.size(); ++i) {
            const ProjectionItem& item = p.items[i];
            check_expression(item.expression, scope);
            // What WITH projects is used by name afterwards: `WITH n.name`
            // would bind a variable no one can write.
            if (!is_return && !item.alias &&
                !std::holds_alternative<Variable>(item.expression.node))
                fail(item.expression.offset,
                     "an expression in WITH needs a name: WITH " + item.text + " AS name",
                     "NoExpressionAlias");
            const std::string& name = column_name(item);
            for (std::size_t j = 0; j < i; ++j)
                if (column_name(p.items[j]) == name)
                    fail(item.expression.offset, "column name `" + name + "` used twice",
                         "ColumnNameConflict");
            next[name] = kind_of(item.expression, scope);
        }
        check_mixed_aggregation(p, scope);
        for (const Box<Expression>* bound : {&p.skip, &p.limit})
            if (*bound) check_count(**bound);
        if (!p.order_by.empty()) {
            // After DISTINCT or aggregation a row no longer stands for one
            // binding of the variables before it: ORDER BY sees only what
            // was projected (by name, or an item's expression as written).
            const bool collapsed =
                p.distinct || std::any_of(p.items.begin(), p.items.end(), [](const auto& item) {
                    return contains_aggregate(item.expression);
                });
            Scope sort_scope = collapsed ? Scope{} : scope;
            for (const auto& [k, v] : next) sort_scope[k] = v;
            for (const SortItem& s : p.order_by) {
                if (collapsed) {
                    const bool as_written = std::any_of(
                        p.items.begin(), p.items.end(),
                        [&](const auto& item) { return item.text == to_string(s.expression); });
                    if (as_written) continue;
                    if (const Expression* v = find_variable_outside(s.expression, sort_scope))
                        fail(v->offset,
                             "`" + std::get<Variable>(v->node).name + "` is not available after " +
                                 (p.distinct ? "DISTINCT" : "aggregation") +
                                 ": ORDER BY can use only what is projected",
                             "UndefinedVariable");
                }
                check_expression(s.expression, sort_scope);
            }
        }
        scope = std::move(next);
    }

    // An item that mixes an aggregate with other terms (me.age + count(*))
    // may use, outside the aggregate, only the projection's grouping keys:
    // a variable projected on its own, or a property projected as written.
    // Anything else has no single value per group.
    void check_mixed_aggregation(const Projection& p, const Scope& scope) const {
        if (std::none_of(p.items.begin(), p.items.end(), [](const ProjectionItem& item) {
                return contains_aggregate(item.expression);
            }))
            return;  // most projections: nothing to check, and no keys to print
        std::set<std::string> keys;
        if (p.star)
            for (const auto& [name, kind] : scope) keys.insert(name);
        for (const ProjectionItem& item : p.items)
            if (!contains_aggregate(item.expression)) keys.insert(to_string(item.expression));
        for (const ProjectionItem& item : p.items)
            if (contains_aggregate(item.expression)) check_grouped(item.expression, keys);
    }

    void check_grouped(const Expression& e, const std::set<std::string>& keys) const {
        if (is_aggregate(e)) return;
        const Expression* variable = &e;
        if (auto* access = std::get_if<PropertyAccess>(&e.node)) variable = access->subject.get();
        if (std::holds_alternative<Variable>(variable->node)) {
            if (!keys.count(to_string(e)) && !keys.count(to_string(*variable)))
                fail(e.offset, "`" + to_string(e) + "` is neither aggregated nor a grouping key",
                     "AmbiguousAggregationExpression");
            return;
        }
        // Comprehensions bind their own variables; leave them be.
        if (std::holds_alternative<ListComprehension>(e.node) ||
            std::holds_alternative<Quantifier>(e.node) ||
            std::holds_alternative<PatternPredicate>(e.node))
            return;
        for_each_child(
            e, [&](const Expression& c) { check_grouped(c, keys); }, Scopes::Skip);
    }

    // SKIP and LIMIT take a constant (or a parameter): no variables, and a
    // literal must be a non-negative integer.
    void check_count(const Expression& e) const {
        if (const Expression* v = find_variable_outside(e, Scope{}))
            fail(v->offset, "SKIP/LIMIT cannot depend on a variable", "NonConstantExpression");
        check_expression(e, Scope{});
        const Expression* inner = &e;
        bool negated = false;
        if (auto* u = std::get_if<Unary>(&e.node); u && u->op == UnaryOp::Negate) {
            inner = u->operand.get();
            negated = true;
        }
        if (auto* lit = std::get_if<Literal>(&inner->node)) {
            auto* i = std::get_if<std::int64_t>(&lit->value);
            if (!i)
                fail(e.offset, "SKIP/LIMIT must be a non-negative integer", "InvalidArgumentType");
            if (negated || *i < 0)
                fail(e.offset, "SKIP/LIMIT must be a non-negative integer",
                     "NegativeIntegerArgument");
        }
    }

    // The first variable of `e` that `scope` lacks (any variable, for an
    // empty scope), outside the scopes comprehensions open.
    static const Expression* find_variable_outside(const Expression& e, const Scope& scope) {
        if (auto* v = std::get_if<Variable>(&e.node)) return scope.count(v->name) ? nullptr : &e;
        const Expression* found = nullptr;
        for_each_child(
            e,
            [&](const Expression& c) { found = found ? found : find_variable_outside(c, scope); },
            Scopes::Skip);
        return found;
    }

    static bool contains_call(const Expression& e, Function function) {
        if (auto* call = std::get_if<FunctionCall>(&e.node); call && call->function == function)
            return true;
        bool found = false;
        for_each_child(
            e, [&](const Expression& c) { found = found || contains_call(c, function); },
            Scopes::Skip);
        return found;
    }

    static bool contains_aggregate(const Expression& e) {
        if (is_aggregate(e)) return true;
        bool found = false;
        for_each_child(
            e, [&](const Expression& c) { found = found || contains_aggregate(c); }, Scopes::Skip);
        return found;
    }

    void set_item(const SetItem& item, const Scope& scope) const {
        if (auto* sp = std::get_if<SetProperty>(&item)) {
            check_expression(sp->target, scope);
            check_expression(sp->value, scope);
        } else if (auto* sps = std::get_if<SetProperties>(&item)) {
            if (!scope.count(sps->variable))
                fail(sps->value.offset, "variable `" + sps->variable + "` not defined",
                     "UndefinedVariable");
            check_expression(sps->value, scope);
        }
    }

    // RETURN ends a query; a query that ends without one must change the
    // graph (CREATE, MERGE, SET, DELETE, REMOVE): reading with no result
    // is a mistake openCypher refuses.
    void clause_order(const SingleQuery& q) const {
        for (std::size_t i = 0; i + 1 < q.clauses.size(); ++i)
            if (std::holds_alternative<Return>(q.clauses[i].node))
                fail(q.clauses[i + 1].offset, "RETURN can only be the last clause of a query",
                     "InvalidClauseComposition");
        if (q.clauses.empty()) return;
        const auto& last = q.clauses.back();
        if (std::holds_alternative<Match>(last.node) || std::holds_alternative<Unwind>(last.node) ||
            std::holds_alternative<With>(last.node))
            fail(last.offset,
                 "a query cannot end with " +
                     std::string(std::holds_alternative<Match>(last.node)    ? "MATCH"
                                 : std::holds_alternative<Unwind>(last.node) ? "UNWIND"
                                                                             : "WITH") +
                     ": add RETURN (or an update such as CREATE)",
                 "InvalidClauseComposition");
    }

    void single(const SingleQuery& q) const {
        clause_order(q);
        Scope scope;
        for (const Clause& clause : q.clauses) {
            const auto& c = clause.node;
            if (auto* m = std::get_if<Match>(&c)) {
                bind_pattern(m->pattern, scope, false);
                if (m->where) check_expression(*m->where, scope);
            } else if (auto* u = std::get_if<Unwind>(&c)) {
                check_expression(u->list, scope);
                if (scope.count(u->variable))
                    fail(clause.offset, "variable `" + u->variable + "` already declared",
                         "VariableAlreadyBound");
                scope[u->variable] = Kind::Unknown;
            } else if (auto* w = std::get_if<With>(&c)) {
                projection(w->projection, scope, false);
                if (w->where) check_expression(*w->where, scope);
            } else if (auto* r = std::get_if<Return>(&c)) {
                projection(r->projection, scope, true);
            } else if (auto* cr = std::get_if<Create>(&c)) {
                bind_pattern(cr->pattern, scope, true);
            } else if (auto* mg = std::get_if<Merge>(&c)) {
                bind_pattern(Pattern{mg->pattern}, scope, true);
                for (const auto& s : mg->on_create) set_item(s, scope);
                for (const auto& s : mg->on_match) set_item(s, scope);
            } else if (auto* s = std::get_if<Set>(&c)) {
                for (const auto& item : s->items) set_item(item, scope);
            } else if (auto* d = std::get_if<Delete>(&c)) {
                for (const auto& e : d->targets) check_expression(e, scope);
            } else if (auto* rm = std::get_if<Remove>(&c)) {
                for (const auto& e : rm->items) check_expression(e, scope);
            }
        }
    }
};

}  // namespace

void check_query(const Query& query, std::string_view text) {
    Checker checker{text};
    for (const SingleQuery& q : query.parts) checker.single(q);
}

}  // namespace kg::query
