#include "kg/query/engine.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/property_map.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <set>
#include <unordered_map>

#include "kg/query/ast_walk.hpp"
#include "kg/query/parser.hpp"
#include "kg/query/regex_match.hpp"
#include "kg/query/semantic_check.hpp"
#include "kg/query/string_functions.hpp"
#include "kg/strings.hpp"

namespace kg::query {

namespace {

using K = Value::Kind;
using Clock = std::chrono::steady_clock;

// The variables bound at one point of a query: a handful at most, so a flat
// vector searched linearly beats a map (one allocation per copy, no nodes).
// Bindings are added and removed in stack order while matching.
class Row {
  public:
    using Entry = std::pair<std::string, Value>;
    using iterator = std::vector<Entry>::iterator;
    using const_iterator = std::vector<Entry>::const_iterator;

    iterator begin() { return entries_.begin(); }
    iterator end() { return entries_.end(); }
    const_iterator begin() const { return entries_.begin(); }
    const_iterator end() const { return entries_.end(); }

    iterator find(std::string_view key) {
        return std::find_if(begin(), end(), [&](const Entry& e) { return same(e.first, key); });
    }
    const_iterator find(std::string_view key) const {
        return std::find_if(begin(), end(), [&](const Entry& e) { return same(e.first, key); });
    }
    std::size_t count(std::string_view key) const { return find(key) != end() ? 1 : 0; }
    void reserve(std::size_t n) { entries_.reserve(n); }
    // Adds `key` unless it is bound already (like std::map::emplace).
    void emplace(std::string key, Value value) {
        if (find(key) == end()) entries_.emplace_back(std::move(key), std::move(value));
    }
    // Adds `key`, which the caller knows is not bound.
    void push(const std::string& key, Value value) { entries_.emplace_back(key, std::move(value)); }
    void erase(std::string_view key) {
        // Bindings come and go in stack order: usually the last entry.
        for (auto it = entries_.end(); it != entries_.begin();) {
            --it;
            if (same(it->first, key)) {
                entries_.erase(it);
                return;
            }
        }
    }
    Value& operator[](const std::string& key) {
        auto it = find(key);
        if (it != end()) return it->second;
        return entries_.emplace_back(key, Value()).second;
    }
    const Value& at(std::string_view key) const {
        auto it = find(key);
        if (it == end()) throw std::out_of_range("no such variable");
        return it->second;
    }
    template <class Pred>
    void erase_if(Pred pred) {
        std::erase_if(entries_, pred);
    }

  private:
    // Names differ in length more often than not, and most are a letter or
    // two: lengths first, then the bytes inline (std::string == string_view
    // calls memcmp before it looks at the lengths).
    static bool same(const std::string& a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < b.size(); ++i)
            if (a[i] != b[i]) return false;
        return true;
    }

    std::vector<Entry> entries_;
};

// Variables the planner invents for anonymous anchor nodes; never visible
// in results (a query cannot write a name starting with this byte).
constexpr char kHiddenVariable = '\x01';

// Longest trail a variable-length relationship may follow (see Matcher::expand).
constexpr std::int64_t kMaxPathLength = 5000;

// Everything one query run shares: the graph, parameters, the budget, and
// (while projecting an aggregating clause) the aggregate values of the
// current group, keyed by the aggregate call's node in the tree.
struct Context {
    MemoryGraph& graph;
    const Parameters& params;
    std::string_view text;
    QueryLimits limits;
    Clock::time_point deadline;
    const std::map<const Expression*, Value>* aggregates = nullptr;
    std::size_t ticks = 0;
    std::optional<std::mt19937_64> random = std::nullopt;  // rand(), seeded on first use

    [[noreturn]] void fail(std::size_t offset, const std::string& problem,
                           QueryErrorClass error_class = {}) const {
        throw QueryError(text, std::min(offset, text.size()), problem, std::move(error_class));
    }
    // Called in every inner loop; reading the clock every 1024 ticks keeps
    // it cheap.
    void tick() {
        if ((++ticks & 1023u) == 0) check_deadline();
    }
    void check_deadline() const {
        if (limits.cancel && limits.cancel->load(std::memory_order_relaxed))
            throw QueryCancelled(text);
        if (Clock::now() > deadline) throw QueryTimeout(text, limits.timeout);
    }
    void check_rows(std::size_t n) const {
        if (n > limits.max_rows) throw QueryRowLimit(text, limits.max_rows);
    }
    // Values that lists built by expressions (range, comprehensions) hold,
    // counting the elements of lists inside them: `[x IN a | a]` copies
    // `a` once per element, which would exhaust memory long before the time
    // limit. Bounded at ten times the row cap.
    std::size_t list_values = 0;
    void add_list_values(std::size_t n, std::size_t offset) {
        tick();
        list_values += n;
        if (list_values / 10 > limits.max_rows)
            fail(offset, "lists built by this query hold more than " +
                             std::to_string(10 * limits.max_rows) +
                             " values (the cap is ten times --max-rows)");
    }
};

Value eval(const Expression& e, const Row& row, Context& ctx);

// ------------------------------------------------------------ helpers

// Ternary truth: 1 true, 0 false, -1 null. Non-boolean values are a type error.
int truth(const Value& v, const Expression& e, Context& ctx) {
    if (v.is_null()) return -1;
    if (v.kind != K::Bool) ctx.fail(e.offset, "expected a boolean");
    return v.boolean ? 1 : 0;
}

Value from_truth(int t) {
    return t < 0 ? Value::null() : Value::of_bool(t == 1);
}

// <0, 0, >0 for comparable values; nullopt when Cypher says the comparison
// is null (different types, or null involved).
std::optional<int> compare(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return std::nullopt;
    if (a.is_number() && b.is_number()) {
        if (a.kind == K::Int && b.kind == K::Int)
            return a.integer < b.integer ? -1 : (a.integer > b.integer ? 1 : 0);
        double x = a.as_double(), y = b.as_double();
        if (std::isnan(x) || std::isnan(y)) return std::nullopt;
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.kind != b.kind) return std::nullopt;
    if (a.kind == K::String) return a.text < b.text ? -1 : (a.text > b.text ? 1 : 0);
    if (a.kind == K::Bool) return int(a.boolean) - int(b.boolean);
    if (a.kind == K::List) {
        for (std::size_t i = 0; i < a.list.size() && i < b.list.size(); ++i) {
            auto c = compare(a.list[i], b.list[i]);
            if (!c) return std::nullopt;
            if (*c != 0) return c;
        }
        return a.list.size() < b.list.size() ? -1 : (a.list.size() > b.list.size() ? 1 : 0);
    }
    return std::nullopt;
}

// Reading a deleted node or relationship is an error (EntityNotFound in the TCK).
const QueryErrorClass kDeletedEntity{QueryErrorType::EntityNotFound, "DeletedEntityAccess"};

void check_alive(const Value& v, Context& ctx) {
    if (!ctx.graph.has_deletions()) return;
    if (v.kind == K::Node && ctx.graph.nodes.at(v.id).deleted)
        ctx.fail(0, "node has been deleted", kDeletedEntity);
    if (v.kind == K::Relationship && ctx.graph.relationships.at(v.id).deleted)
        ctx.fail(0, "relationship has been deleted", kDeletedEntity);
}

const Value& properties_of(const Value& v, Context& ctx) {
    check_alive(v, ctx);
    return v.kind == K::Node ? ctx.graph.node_properties(v.id)
                             : ctx.graph.relationship_properties(v.id);
}

// One property, without hydrating what a lazily filled graph can answer cheaply.
Value property_of(const Value& v, const std::string& key, Context& ctx) {
    check_alive(v, ctx);
    return v.kind == K::Node ? ctx.graph.node_property(v.id, key)
                             : ctx.graph.relationship_property(v.id, key);
}

Value checked_int(long double exact, std::int64_t result, const Expression& e, Context& ctx) {
    if (exact > static_cast<long double>(std::numeric_limits<std::int64_t>::max()) ||
        exact < static_cast<long double>(std::numeric_limits<std::int64_t>::min()))
        ctx.fail(e.offset, "integer overflow");
    return Value::of_int(result);
}

Value arithmetic(BinaryOp op, const Value& a, const Value& b, const Expression& e, Context& ctx) {
    if (a.is_null() || b.is_null()) return Value::null();
    if (op == BinaryOp::Add) {
        if (a.kind == K::List && b.kind == K::List) {
            Value out = a;
            out.list.insert(out.list.end(), b.list.begin(), b.list.end());
            return out;
        }
        if (a.kind == K::List) {
            Value out = a;
            out.list.push_back(b);
            return out;
        }
        if (b.kind == K::List) {
            Value out = b;
            out.list.insert(out.list.begin(), a);
            return out;
        }
        if (a.kind == K::String && b.kind == K::String) return Value::of_string(a.text + b.text);
        if (a.kind == K::String && b.is_number())
            return Value::of_string(a.text + format_value(b, ctx.graph));
        if (b.kind == K::String && a.is_number())
            return Value::of_string(format_value(a, ctx.graph) + b.text);
    }
    if (!a.is_number() || !b.is_number()) ctx.fail(e.offset, "arithmetic on a non-number");
    if (op == BinaryOp::Power) return Value::of_float(std::pow(a.as_double(), b.as_double()));
    if (a.kind == K::Int && b.kind == K::Int) {
        std::int64_t x = a.integer, y = b.integer;
        switch (op) {
            case BinaryOp::Add:
                return checked_int((long double)x + y, x + y, e, ctx);
            case BinaryOp::Subtract:
                return checked_int((long double)x - y, x - y, e, ctx);
            case BinaryOp::Multiply: {
                long double exact = (long double)x * y;
                return checked_int(exact, std::abs(exact) < 9e18L ? x * y : 0, e, ctx);
            }
            case BinaryOp::Divide:
                if (y == 0) ctx.fail(e.offset, "division by zero");
                // INT64_MIN / -1 overflows (and traps on x86).
                if (y == -1)
                    return checked_int(-(long double)x,
                                       x == std::numeric_limits<std::int64_t>::min() ? 0 : -x, e,
                                       ctx);
                return Value::of_int(x / y);
            case BinaryOp::Modulo:
                if (y == 0) ctx.fail(e.offset, "division by zero");
                if (y == -1) return Value::of_int(0);
                return Value::of_int(x % y);
            default:
                break;
        }
    }
    double x = a.as_double(), y = b.as_double();
    switch (op) {
        case BinaryOp::Add:
            return Value::of_float(x + y);
        case BinaryOp::Subtract:
            return Value::of_float(x - y);
        case BinaryOp::Multiply:
            return Value::of_float(x * y);
        case BinaryOp::Divide:
            return Value::of_float(x / y);
        case BinaryOp::Modulo:
            return Value::of_float(std::fmod(x, y));
        default:
            break;
    }
    ctx.fail(e.offset, "unsupported operator");
}

Value binary(const Binary& b, const Expression& e, const Row& row, Context& ctx) {
    switch (b.op) {
        case BinaryOp::And: {
            int l = truth(eval(*b.lhs, row, ctx), *b.lhs, ctx);
            if (l == 0) return Value::of_bool(false);
            int r = truth(eval(*b.rhs, row, ctx), *b.rhs, ctx);
            if (r == 0) return Value::of_bool(false);
            return from_truth(l < 0 || r < 0 ? -1 : 1);
        }
        case BinaryOp::Or: {
            int l = truth(eval(*b.lhs, row, ctx), *b.lhs, ctx);
            if (l == 1) return Value::of_bool(true);
            int r = truth(eval(*b.rhs, row, ctx), *b.rhs, ctx);
            if (r == 1) return Value::of_bool(true);
            return from_truth(l < 0 || r < 0 ? -1 : 0);
        }
        case BinaryOp::Xor: {
            int l = truth(eval(*b.lhs, row, ctx), *b.lhs, ctx);
            int r = truth(eval(*b.rhs, row, ctx), *b.rhs, ctx);
            return from_truth(l < 0 || r < 0 ? -1 : (l != r ? 1 : 0));
        }
        default:
            break;
    }
    Value l = eval(*b.lhs, row, ctx);
    Value r = eval(*b.rhs, row, ctx);
    switch (b.op) {
        case BinaryOp::Equal:
            return cypher_equals(l, r);
        case BinaryOp::NotEqual: {
            Value eq = cypher_equals(l, r);
            return eq.is_null() ? eq : Value::of_bool(!eq.boolean);
        }
        case BinaryOp::Less:
        case BinaryOp::LessEqual:
        case BinaryOp::Greater:
        case BinaryOp::GreaterEqual: {
            auto c = compare(l, r);
            if (!c) return Value::null();
            bool result = b.op == BinaryOp::Less        ? *c < 0
                          : b.op == BinaryOp::LessEqual ? *c <= 0
                          : b.op == BinaryOp::Greater   ? *c > 0
                                                        : *c >= 0;
            return Value::of_bool(result);
        }
        case BinaryOp::In: {
            if (r.is_null()) return Value::null();
            if (r.kind != K::List) ctx.fail(b.rhs->offset, "IN expects a list");
            bool unknown = false;
            for (const Value& item : r.list) {
                Value eq = cypher_equals(l, item);
                if (eq.is_null())
                    unknown = true;
                else if (eq.boolean)
                    return Value::of_bool(true);
            }
            return unknown ? Value::null() : Value::of_bool(false);
        }
        case BinaryOp::StartsWith:
        case BinaryOp::EndsWith:
        case BinaryOp::Contains: {
            if (l.kind != K::String || r.kind != K::String) return Value::null();
            if (b.op == BinaryOp::StartsWith) return Value::of_bool(l.text.starts_with(r.text));
            if (b.op == BinaryOp::EndsWith) return Value::of_bool(l.text.ends_with(r.text));
            return Value::of_bool(l.text.find(r.text) != std::string::npos);
        }
        case BinaryOp::RegexMatch: {
            if (l.kind != K::String || r.kind != K::String) return Value::null();
            try {
                return Value::of_bool(regex_match(l.text, r.text));
            } catch (const Error& error) {
                ctx.fail(b.rhs->offset, error.what());
            }
        }
        default:
            return arithmetic(b.op, l, r, e, ctx);
    }
}

Value to_integer(const Value& v) {
    if (v.kind == K::Int) return v;
    if (v.kind == K::Float) {
        if (!std::isfinite(v.number)) return Value::null();
        if (std::fabs(v.number) >= 9.2e18) return Value::null();
        return Value::of_int(static_cast<std::int64_t>(v.number));
    }
    if (v.kind == K::String) {
        try {
            std::size_t used = 0;
            double d = std::stod(v.text, &used);
            if (used != v.text.size()) return Value::null();
            if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) return Value::null();
            return Value::of_int(static_cast<std::int64_t>(d));
        } catch (...) {
            return Value::null();
        }
    }
    return Value::null();
}

Value call_function(const FunctionCall& call, const Expression& e, const Row& row, Context& ctx) {
    using F = Function;
    const F f = call.function;
    if (is_aggregate_function(f)) {
        if (ctx.aggregates) {
            auto it = ctx.aggregates->find(&e);
            if (it != ctx.aggregates->end()) return it->second;
        }
        ctx.fail(e.offset, "aggregation is not allowed here");
    }
    // Most calls have a few arguments: no allocation for them. Arguments
    // that are variables are read in place, not copied out of the row.
    boost::container::small_vector<Value, 3> owned;
    owned.reserve(call.args.size());  // no reallocation: `args` points into it
    boost::container::small_vector<const Value*, 3> args;
    for (const Expression& a : call.args) {
        if (const auto* var = std::get_if<Variable>(&a.node)) {
            if (auto it = row.find(var->name); it != row.end()) {
                args.push_back(&it->second);
                continue;
            }
        }
        owned.push_back(eval(a, row, ctx));
        args.push_back(&owned.back());
    }
    auto need = [&](std::size_t n) {
        if (args.size() != n)
            ctx.fail(e.offset, call.name + " expects " + std::to_string(n) + " argument(s)");
    };
    auto type_error = [&]() -> Value {
        ctx.fail(e.offset, "wrong argument type for " + call.name);
    };
    switch (f) {
        case F::Coalesce:
            if (args.empty()) ctx.fail(e.offset, "coalesce expects at least 1 argument");
            for (const Value* v : args)
                if (!v->is_null()) return *v;
            return Value::null();
        // String functions of several arguments; null in, null out.
        case F::Substring:
        case F::Left:
        case F::Right:
        case F::Split:
        case F::Replace: {
            const std::size_t arity = f == F::Replace ? 3 : f == F::Substring ? 0 : 2;
            if (arity && args.size() != arity) need(arity);
            if (!arity && (args.size() < 2 || args.size() > 3))
                ctx.fail(e.offset, "substring expects 2 or 3 arguments");
            for (const Value* v : args)
                if (v->is_null()) return Value::null();
            if (args[0]->kind != K::String) return type_error();
            const std::string_view text = args[0]->text;
            auto count = [&](const Value& v) -> std::size_t {
                if (v.kind != K::Int) type_error();
                if (v.integer < 0) ctx.fail(e.offset, call.name + " needs a count of 0 or more");
                return static_cast<std::size_t>(v.integer);
            };
            if (f == F::Substring)
                return Value::of_string(substring_code_points(
                    text, count(*args[1]),
                    args.size() == 3 ? count(*args[2]) : std::string_view::npos));
            if (f == F::Left)
                return Value::of_string(substring_code_points(text, 0, count(*args[1])));
            if (f == F::Right) {
                const std::size_t n = count(*args[1]), chars = code_points(text);
                return Value::of_string(substring_code_points(text, n >= chars ? 0 : chars - n));
            }
            for (std::size_t i = 1; i < args.size(); ++i)
                if (args[i]->kind != K::String) return type_error();
            if (f == F::Replace)
                return Value::of_string(replace_all(text, args[1]->text, args[2]->text));
            Value out = Value::of_list({});
            for (auto& piece : split_text(text, args[1]->text))
                out.list.push_back(Value::of_string(std::move(piece)));
            return out;
        }
        case F::Range: {
            if (args.size() < 2 || args.size() > 3)
                ctx.fail(e.offset, "range expects 2 or 3 arguments");
            for (const Value* v : args)
                if (v->kind != K::Int) return type_error();
            std::int64_t from = args[0]->integer, to = args[1]->integer;
            std::int64_t step = args.size() == 3 ? args[2]->integer : 1;
            if (step == 0) ctx.fail(e.offset, "range step must not be zero");
            Value out = Value::of_list({});
            for (std::int64_t i = from; step > 0 ? i <= to : i >= to;) {
                out.list.push_back(Value::of_int(i));
                ctx.add_list_values(1, e.offset);
                // The last step may overflow: range(9223372036854775800, 9223372036854775807, 5).
                if (__builtin_add_overflow(i, step, &i)) break;
            }
            return out;
        }
        case F::Rand:
            if (!ctx.random) ctx.random.emplace(std::random_device{}());
            return Value::of_float(std::uniform_real_distribution<double>()(*ctx.random));
        case F::Pi:
            return Value::of_float(M_PI);
        case F::E:
            return Value::of_float(M_E);
        case F::Round:
            if (args.size() == 2) {  // round(x, digits)
                if (args[0]->is_null() || args[1]->is_null()) return Value::null();
                if (!args[0]->is_number() || args[1]->kind != K::Int) return type_error();
                const double scale = std::pow(10.0, static_cast<double>(args[1]->integer));
                return Value::of_float(std::round(args[0]->as_double() * scale) / scale);
            }
            break;
        case F::Unknown:
            ctx.fail(e.offset, "unknown function " + call.name);
        default:
            break;
    }
    // The functions of one argument.
    need(1);
    const Value& a = *args[0];
    if (f == F::Exists) {
        // exists((a)-->(b)) is whether the pattern matches (its value);
        // exists(n.x) whether the value is there (false for null, not null).
        if (std::holds_alternative<PatternPredicate>(call.args[0].node)) return a;
        return Value::of_bool(!a.is_null());
    }
    if (a.is_null()) return Value::null();
    switch (f) {
        case F::Type:
            if (a.kind != K::Relationship) return type_error();
            return Value::of_string(ctx.graph.type_of(a.id));
        case F::Labels: {
            if (a.kind != K::Node) return type_error();
            if (ctx.graph.nodes.at(a.id).deleted)
                ctx.fail(e.offset, "node has been deleted", kDeletedEntity);
            Value out = Value::of_list({});
            for (const auto& l : ctx.graph.nodes.at(a.id).labels)
                out.list.push_back(Value::of_string(l));
            return out;
        }
        case F::Id:
            if (a.kind == K::Node) return Value::of_int(ctx.graph.node_id(a.id));
            if (a.kind == K::Relationship) return Value::of_int(ctx.graph.relationship_id(a.id));
            return type_error();
        case F::Length:
            if (a.kind == K::Path)
                return Value::of_int(static_cast<std::int64_t>(a.path_rels.size()));
            if (a.kind == K::String)
                return Value::of_int(static_cast<std::int64_t>(code_points(a.text)));
            if (a.kind == K::List) return Value::of_int(static_cast<std::int64_t>(a.list.size()));
            return type_error();
        case F::Nodes:
        case F::Relationships: {
            if (a.kind != K::Path) return type_error();
            Value out = Value::of_list({});
            if (f == F::Nodes) {
                for (NodeRef n : a.path_nodes) out.list.push_back(Value::of_node(n));
            } else {
                for (RelRef r : a.path_rels) out.list.push_back(Value::of_relationship(r));
            }
            return out;
        }
        case F::StartNode:
        case F::EndNode: {
            if (a.kind != K::Relationship) return type_error();
            const auto& r = ctx.graph.relationships.at(a.id);
            return Value::of_node(f == F::StartNode ? r.source : r.target);
        }
        case F::ToLower:
        case F::ToUpper:
            if (a.kind != K::String) return type_error();
            return Value::of_string(f == F::ToLower ? to_lower_utf8(a.text)
                                                    : to_upper_utf8(a.text));
        case F::Size:
            if (a.kind == K::String)
                return Value::of_int(static_cast<std::int64_t>(code_points(a.text)));
            if (a.kind == K::List) return Value::of_int(static_cast<std::int64_t>(a.list.size()));
            return type_error();
        case F::Head:
        case F::Last:
            if (a.kind != K::List) return type_error();
            if (a.list.empty()) return Value::null();
            return f == F::Head ? a.list.front() : a.list.back();
        case F::Tail: {
            if (a.kind != K::List) return type_error();
            Value out = Value::of_list({});
            if (a.list.size() > 1) out.list.assign(a.list.begin() + 1, a.list.end());
            return out;
        }
        case F::Reverse: {
            if (a.kind == K::List) {
                Value out = a;
                std::reverse(out.list.begin(), out.list.end());
                return out;
            }
            if (a.kind == K::String) return Value::of_string(reverse_code_points(a.text));
            return type_error();
        }
        case F::Keys:
        case F::Properties: {
            const Value* map = &a;
            if (a.kind == K::Node || a.kind == K::Relationship)
                map = &properties_of(a, ctx);
            else if (a.kind != K::Map)
                return type_error();
            if (f == F::Properties) return *map;
            Value out = Value::of_list({});
            for (const auto& [k, v] : map->map) out.list.push_back(Value::of_string(k));
            return out;
        }
        case F::ToString:
            if (a.kind == K::String) return a;
            if (a.kind == K::Bool) return Value::of_string(a.boolean ? "true" : "false");
            if (a.is_number()) return Value::of_string(format_value(a, ctx.graph));
            return type_error();
        case F::ToInteger:
            if (a.kind == K::Bool || a.kind == K::List || a.kind == K::Map || a.kind == K::Node ||
                a.kind == K::Relationship || a.kind == K::Path)
                return type_error();
            return to_integer(a);
        case F::ToFloat:
            if (a.is_number()) return Value::of_float(a.as_double());
            if (a.kind == K::String) {
                try {
                    std::size_t used = 0;
                    double d = std::stod(a.text, &used);
                    return used == a.text.size() ? Value::of_float(d) : Value::null();
                } catch (...) {
                    return Value::null();
                }
            }
            return type_error();
        case F::ToBoolean:
            if (a.kind == K::Bool) return a;
            if (a.kind == K::String) {
                std::string s = to_lower_ascii(a.text);
                if (s == "true") return Value::of_bool(true);
                if (s == "false") return Value::of_bool(false);
                return Value::null();
            }
            return type_error();
        case F::Abs:
            if (a.kind == K::Int) {
                if (a.integer == std::numeric_limits<std::int64_t>::min())
                    ctx.fail(e.offset, "integer overflow", {QueryErrorType::ArithmeticError, ""});
                return Value::of_int(a.integer < 0 ? -a.integer : a.integer);
            }
            if (a.kind == K::Float) return Value::of_float(std::fabs(a.number));
            return type_error();
        case F::Sign: {
            if (!a.is_number()) return type_error();
            double d = a.as_double();
            return Value::of_int(d > 0 ? 1 : (d < 0 ? -1 : 0));
        }
        case F::Sqrt:
        case F::Floor:
        case F::Ceil:
        case F::Round:
        case F::Exp:
        case F::Log:
        case F::Log10:
        case F::Sin:
        case F::Cos:
        case F::Tan: {
            if (!a.is_number()) return type_error();
            const double d = a.as_double();
            const double r = f == F::Sqrt    ? std::sqrt(d)
                             : f == F::Floor ? std::floor(d)
                             : f == F::Ceil  ? std::ceil(d)
                             : f == F::Round ? std::round(d)
                             : f == F::Exp   ? std::exp(d)
                             : f == F::Log   ? std::log(d)
                             : f == F::Log10 ? std::log10(d)
                             : f == F::Sin   ? std::sin(d)
                             : f == F::Cos   ? std::cos(d)
                                             : std::tan(d);
            return Value::of_float(r);
        }
        case F::Trim:
        case F::LTrim:
        case F::RTrim: {
            if (a.kind != K::String) return type_error();
            std::string s = a.text;
            if (f != F::RTrim) s.erase(0, s.find_first_not_of(' '));
            if (f != F::LTrim) {
                auto end = s.find_last_not_of(' ');
                s.erase(end == std::string::npos ? 0 : end + 1);
            }
            return Value::of_string(s);
        }
        default:
            break;
    }
    ctx.fail(e.offset, "unknown function " + call.name);
}

// The hops one relationship pattern allows (its types, direction and
// properties), seen as a Boost.Graph IncidenceGraph, so shortestPath() is
// boost::breadth_first_visit over exactly those edges. A vertex's hops are
// computed (and its relationships loaded) when the search first leaves it.
struct PatternHop {
    NodeRef from, to;
    RelRef rel;
    bool operator==(const PatternHop&) const = default;
};

struct HopGraph {
    std::function<void(NodeRef, std::vector<PatternHop>&)> expand;
    mutable std::unordered_map<NodeRef, std::vector<PatternHop>> hops;

    const std::vector<PatternHop>& out(NodeRef n) const {
        auto [it, fresh] = hops.try_emplace(n);
        if (fresh) expand(n, it->second);
        return it->second;
    }
};

}  // namespace
}  // namespace kg::query

namespace boost {
template <>
struct graph_traits<kg::query::HopGraph> {
    using vertex_descriptor = kg::query::NodeRef;
    using edge_descriptor = kg::query::PatternHop;
    using out_edge_iterator = std::vector<kg::query::PatternHop>::const_iterator;
    using directed_category = directed_tag;
    using edge_parallel_category = allow_parallel_edge_tag;
    struct traversal_category : incidence_graph_tag {};
    using degree_size_type = std::size_t;
    using vertices_size_type = std::size_t;
    using edges_size_type = std::size_t;
    static vertex_descriptor null_vertex() { return ~kg::query::NodeRef{0}; }
};
}  // namespace boost

namespace kg::query {
namespace {

std::pair<std::vector<PatternHop>::const_iterator, std::vector<PatternHop>::const_iterator>
out_edges(NodeRef n, const HopGraph& g) {
    const auto& hops = g.out(n);
    return {hops.begin(), hops.end()};
}
std::size_t out_degree(NodeRef n, const HopGraph& g) {
    return g.out(n).size();
}
NodeRef source(const PatternHop& e, const HopGraph&) {
    return e.from;
}
NodeRef target(const PatternHop& e, const HopGraph&) {
    return e.to;
}

// How the search reached a node: its distance and, for every shortest way
// in, the hop that arrived.
struct Reached {
    std::int64_t depth = 0;
    std::vector<PatternHop> parents;
};

struct ShortestVisitor : boost::default_bfs_visitor {
    std::unordered_map<NodeRef, Reached>* reached;
    std::vector<NodeRef>* order;
    Context* ctx;

    void discover_vertex(NodeRef n, const HopGraph&) const { order->push_back(n); }
    void examine_edge(const PatternHop& e, const HopGraph&) const {
        ctx->tick();
        const std::int64_t depth = reached->at(e.from).depth + 1;
        auto [it, fresh] = reached->try_emplace(e.to, Reached{depth, {}});
        if (it->second.depth == depth) it->second.parents.push_back(e);
    }
};

bool node_matches(const NodePattern& np, NodeRef n, const Row& row, Context& ctx);
bool rel_matches(const RelationshipPattern& rp, RelRef r, const Row& row, Context& ctx);
std::optional<std::string> anchor_name(const NodePattern& np, const Row& row, Context& ctx);

// Matching a whole pattern (MATCH, pattern predicates, MERGE): every
// extension of `row` binding the pattern's variables, reported to `emit`.
// Relationships are unique within one pattern, as Cypher requires.
class Matcher {
  public:
    Matcher(Context& ctx, const Pattern& pattern, std::function<bool(const Row&)> emit)
        : ctx_(ctx), pattern_(pattern), emit_(std::move(emit)) {
        track_paths_ = std::any_of(pattern_.begin(), pattern_.end(), [](const PatternPart& p) {
            return p.path_variable.has_value();
        });
    }

    // Returns false when emit asked to stop.
    bool run(Row row) { return part(0, row); }

  private:
    // Binds `var` (when the pattern names it and it is not bound yet) for
    // the binder's lifetime. `make` builds the value only then: most
    // pattern elements are anonymous, and a Value is not free to make.
    struct Binder {
        Row& row;
        const std::string* name = nullptr;  // set when this binder added the binding
        template <class Make>
        Binder(Row& r, const std::optional<std::string>& var, Make&& make) : row(r) {
            if (var && !row.count(*var)) {
                name = &*var;
                row.push(*var, make());
            }
        }
        ~Binder() {
            if (name) row.erase(*name);
        }
        Binder(const Binder&) = delete;
        Binder& operator=(const Binder&) = delete;
    };

    bool part(std::size_t pi, Row& row) {
        if (pi == pattern_.size()) return emit_(row);
        const PatternPart& p = pattern_[pi];
        auto try_start = [&](NodeRef n) {
            if (!node_matches(p.start, n, row, ctx_)) return true;
            Binder bind(row, p.start.variable, [&] { return Value::of_node(n); });
            path_nodes_.assign(1, n);
            path_rels_.clear();
            return step(pi, 0, n, row);
        };
        if (p.start.variable) {
            auto it = row.find(*p.start.variable);
            if (it != row.end()) {
                if (it->second.kind != K::Node) return true;
                return try_start(it->second.id);
            }
        }
        // The most selective way in: the name index, the smallest label,
        // else every node.
        if (auto name = anchor_name(p.start, row, ctx_)) {
            for (NodeRef n : ctx_.graph.nodes_named(*name)) {
                ctx_.tick();
                if (!try_start(n)) return false;
            }
            return true;
        }
        if (!p.start.labels.empty()) {
            std::vector<NodeRef> candidates;
            bool first = true;
            for (const Name& l : p.start.labels) {
                std::vector<NodeRef> with = ctx_.graph.nodes_labelled(l.text);
                if (first || with.size() < candidates.size()) candidates = std::move(with);
                first = false;
            }
            for (NodeRef n : candidates) {
                ctx_.tick();
                if (!try_start(n)) return false;
            }
            return true;
        }
        ctx_.graph.load_all();
        for (NodeRef n = 0; n < ctx_.graph.nodes.size(); ++n) {
            ctx_.tick();
            if (ctx_.graph.nodes[n].deleted) continue;
            if (!try_start(n)) return false;
        }
        return true;
    }

    bool finish_part(std::size_t pi, Row& row) {
        const PatternPart& p = pattern_[pi];
        Binder bind(row, p.path_variable, [&] {
            Value path;
            path.kind = K::Path;
            path.path_nodes = path_nodes_;
            path.path_rels = path_rels_;
            return path;
        });
        if (pi + 1 == pattern_.size()) return emit_(row);
        // The next part restarts the path trail; this part's callers pop
        // from it when they unwind, so it must come back as it was.
        auto saved_nodes = path_nodes_;
        auto saved_rels = path_rels_;
        bool go = part(pi + 1, row);
        path_nodes_ = std::move(saved_nodes);
        path_rels_ = std::move(saved_rels);
        return go;
    }

    // Relationships leaving `n` in direction `d` with one of the pattern's
    // types, each with the node at the other end. A self-loop is reported
    // once for an undirected pattern. The lists are loaded first (types are
    // resolved after, as loading may bring new ones), then read by index: a
    // lazily filled graph may append to other nodes' lists while `f` walks on.
    template <class F>
    bool for_each_edge(NodeRef n, const RelationshipPattern& rp, F&& f) {
        MemoryGraph& g = ctx_.graph;
        const Direction d = rp.direction;
        if (rp.types.empty()) {
            if (d != Direction::Left) g.out(n);
            if (d != Direction::Right) g.in(n);
        } else {
            for (const Name& t : rp.types) {
                if (d != Direction::Left) g.load_out_of_type(n, t.text);
                if (d != Direction::Right) g.load_in_of_type(n, t.text);
            }
        }
        // Accepted type ids; empty with `any_type` false matches nothing.
        const bool any_type = rp.types.empty();
        std::uint32_t types[8];
        std::size_t n_types = 0;
        bool overflow = false;
        for (const Name& t : rp.types) {
            if (auto id = g.find_type(t.text)) {
                if (n_types < std::size(types))
                    types[n_types++] = *id;
                else
                    overflow = true;
            }
        }
        auto accepted = [&](const Edge& e) {
            if (any_type) return true;
            for (std::size_t i = 0; i < n_types; ++i)
                if (types[i] == e.type) return true;
            // More alternatives than fit above: compare by name.
            return overflow && std::any_of(rp.types.begin(), rp.types.end(), [&](const Name& t) {
                       return t.text == g.type_name(e.type);
                   });
        };
        // The node at the far end is read next (its properties, its edges),
        // each a chain of cache misses on a big graph: ask for its record
        // eight edges ahead, and four ahead (the record has arrived by then)
        // for the property map and edge list it points to.
        // A relationship the pattern names is read too (type(r), r.date).
        const bool rel_read = rp.variable.has_value();
        auto fetch = [&g, rel_read](const Edge& e) {
            const char* node = reinterpret_cast<const char*>(&g.nodes[e.other]);
            __builtin_prefetch(node);
            __builtin_prefetch(node + 64);
            if (rel_read) __builtin_prefetch(&g.relationships[e.rel]);
        };
        // The first eight at once (most nodes have fewer edges), then each
        // eighth edge ahead.
        auto look_ahead = [&g, &fetch](const std::vector<Edge>& edges, std::size_t i) {
            if (i == 0)
                for (std::size_t k = 0; k < edges.size() && k < 8; ++k) fetch(edges[k]);
            if (i + 8 < edges.size()) fetch(edges[i + 8]);
            if (i + 4 < edges.size()) {
                const MemoryNode& node = g.nodes[edges[i + 4].other];
                __builtin_prefetch(node.properties.map.data());
                __builtin_prefetch(node.out.data());
            }
        };
        if (d != Direction::Left) {
            for (std::size_t i = 0; i < g.nodes[n].out.size(); ++i) {
                look_ahead(g.nodes[n].out, i);
                const Edge e = g.nodes[n].out[i];
                if (accepted(e) && !f(e.rel, e.other)) return false;
            }
        }
        if (d != Direction::Right) {
            for (std::size_t i = 0; i < g.nodes[n].in.size(); ++i) {
                look_ahead(g.nodes[n].in, i);
                const Edge e = g.nodes[n].in[i];
                if (d == Direction::Both && e.other == n) continue;
                if (accepted(e) && !f(e.rel, e.other)) return false;
            }
        }
        return true;
    }

    // Not deleted, not used already in this pattern, and with the
    // pattern's properties (its types were checked by for_each_edge).
    bool usable(RelRef r, const RelationshipPattern& rp, const Row& row) const {
        if (ctx_.graph.has_deletions() && ctx_.graph.relationships[r].deleted) return false;
        if (std::find(used_.begin(), used_.end(), r) != used_.end()) return false;
        return !rp.properties || rel_matches(rp, r, row, ctx_);
    }

    bool step(std::size_t pi, std::size_t si, NodeRef current, Row& row) {
        const PatternPart& p = pattern_[pi];
        if (si == p.steps.size()) return finish_part(pi, row);
        if (p.search != PathSearch::All) return shortest(pi, current, row);
        const PatternStep& s = p.steps[si];
        const RelationshipPattern& rp = s.relationship;
        if (!rp.length) {
            return for_each_edge(current, rp, [&](RelRef r, NodeRef other) {
                ctx_.tick();
                if (!usable(r, rp, row)) return true;
                if (rp.variable) {
                    auto it = row.find(*rp.variable);
                    if (it != row.end() &&
                        (it->second.kind != K::Relationship || it->second.id != r))
                        return true;
                }
                if (!node_matches(s.node, other, row, ctx_)) return true;
                Binder bind_rel(row, rp.variable, [&] { return Value::of_relationship(r); });
                Binder bind_node(row, s.node.variable, [&] { return Value::of_node(other); });
                used_.push_back(r);
                trail_push(other, r);
                bool go = step(pi, si + 1, other, row);
                trail_pop();
                used_.pop_back();
                return go;
            });
        }
        std::int64_t min = rp.length->min.value_or(1);
        std::int64_t max = rp.length->max.value_or(std::numeric_limits<std::int64_t>::max());
        std::vector<RelRef> trail;
        return expand(pi, si, current, row, trail, min, max);
    }

    // shortestPath / allShortestPaths: a breadth-first search from `start`
    // over the hops the (single) relationship pattern allows, then for each
    // node reached within its length bounds that matches the end node, one
    // shortest path (or every shortest path), in the order BFS found them.
    bool shortest(std::size_t pi, NodeRef start, Row& row) {
        const PatternPart& p = pattern_[pi];
        if (p.steps.size() != 1)
            ctx_.fail(p.offset, "shortestPath needs exactly one relationship pattern");
        const PatternStep& s = p.steps[0];
        const RelationshipPattern& rp = s.relationship;
        const std::int64_t min = rp.length ? rp.length->min.value_or(1) : 1;
        const std::int64_t max =
            rp.length ? rp.length->max.value_or(std::numeric_limits<std::int64_t>::max()) : 1;
        std::unordered_map<NodeRef, Reached> reached;
        reached[start] = Reached{};
        std::vector<NodeRef> order;
        HopGraph hops;
        hops.expand = [&](NodeRef n, std::vector<PatternHop>& out) {
            if (reached.at(n).depth >= max) return;
            for_each_edge(n, rp, [&](RelRef r, NodeRef other) {
                if (usable(r, rp, row)) out.push_back({n, other, r});
                return true;
            });
        };
        ShortestVisitor visitor;
        visitor.reached = &reached;
        visitor.order = &order;
        visitor.ctx = &ctx_;
        std::unordered_map<NodeRef, boost::default_color_type> colors;
        boost::queue<NodeRef> queue;
        boost::breadth_first_visit(hops, start, queue, visitor,
                                   boost::make_assoc_property_map(colors));
        for (NodeRef end : order) {
            const Reached& at = reached.at(end);
            if (at.depth < min || at.depth > max || !node_matches(s.node, end, row, ctx_)) continue;
            std::vector<PatternHop> path;  // built backwards from `end`
            if (!each_shortest(pi, start, end, reached, path, row)) return false;
        }
        return true;
    }

    // Walks the parent hops from `n` back to `start`; at the start, binds
    // the path and goes on with the rest of the pattern.
    bool each_shortest(std::size_t pi, NodeRef start, NodeRef n,
                       const std::unordered_map<NodeRef, Reached>& reached,
                       std::vector<PatternHop>& path, Row& row) {
        const PatternPart& p = pattern_[pi];
        const PatternStep& s = p.steps[0];
        if (n == start) {
            Value rels = Value::of_list({});
            const auto saved_nodes = path_nodes_;
            const auto saved_rels = path_rels_;
            for (auto it = path.rbegin(); it != path.rend(); ++it) {
                rels.list.push_back(Value::of_relationship(it->rel));
                path_nodes_.push_back(it->to);
                path_rels_.push_back(it->rel);
            }
            bool go = true;
            {
                const NodeRef end = path.empty() ? start : path.front().to;
                Binder bind_rel(row, s.relationship.variable, [&] {
                    return s.relationship.length
                               ? std::move(rels)
                               : (path.empty() ? Value::null() : rels.list.front());
                });
                Binder bind_node(row, s.node.variable, [&] { return Value::of_node(end); });
                go = step(pi, 1, end, row);
            }
            path_nodes_ = saved_nodes;
            path_rels_ = saved_rels;
            return go;
        }
        for (const PatternHop& hop : reached.at(n).parents) {
            ctx_.tick();
            path.push_back(hop);
            bool go = each_shortest(pi, start, hop.from, reached, path, row);
            path.pop_back();
            if (!go) return false;
            if (p.search == PathSearch::Shortest) return true;  // one path is enough
        }
        return true;
    }

    // Depth-first expansion of a variable-length relationship: every trail
    // of min..max distinct relationships, each hop matching the pattern.
    bool expand(std::size_t pi, std::size_t si, NodeRef current, Row& row,
                std::vector<RelRef>& trail, std::int64_t min, std::int64_t max) {
        const PatternStep& s = pattern_[pi].steps[si];
        const RelationshipPattern& rp = s.relationship;
        auto depth = static_cast<std::int64_t>(trail.size());
        // Each hop is a stack frame; refuse rather than overflow the stack.
        if (depth > kMaxPathLength) ctx_.fail(rp.offset, "variable-length path too long");
        if (depth >= min && node_matches(s.node, current, row, ctx_)) {
            Value rels = Value::of_list({});
            for (RelRef r : trail) rels.list.push_back(Value::of_relationship(r));
            bool ok = true;
            if (rp.variable) {
                auto it = row.find(*rp.variable);
                if (it != row.end() && !equivalent(it->second, rels)) ok = false;
            }
            if (ok) {
                Binder bind_rel(row, rp.variable, [&] { return std::move(rels); });
                Binder bind_node(row, s.node.variable, [&] { return Value::of_node(current); });
                if (!step(pi, si + 1, current, row)) return false;
            }
        }
        if (depth >= max) return true;
        return for_each_edge(current, rp, [&](RelRef r, NodeRef other) {
            ctx_.tick();
            if (!usable(r, rp, row)) return true;
            trail.push_back(r);
            used_.push_back(r);
            trail_push(other, r);
            bool go = expand(pi, si, other, row, trail, min, max);
            trail_pop();
            used_.pop_back();
            trail.pop_back();
            return go;
        });
    }

    Context& ctx_;
    const Pattern& pattern_;
    std::function<bool(const Row&)> emit_;
    std::vector<RelRef> used_;
    // The nodes and relationships walked so far in the current part, kept
    // only when some part binds a path variable (`p = (a)-->(b)`).
    bool track_paths_ = false;
    std::vector<NodeRef> path_nodes_;
    std::vector<RelRef> path_rels_;
    void trail_push(NodeRef n, RelRef r) {
        if (!track_paths_) return;
        path_nodes_.push_back(n);
        path_rels_.push_back(r);
    }
    void trail_pop() {
        if (!track_paths_) return;
        path_nodes_.pop_back();
        path_rels_.pop_back();
    }
};

// `have(key)` reads one property of the element being matched.
template <class Get>
bool properties_match(const Box<Expression>& props, Get&& have, const Row& row, Context& ctx) {
    if (!props) return true;
    // A literal map is compared entry by entry, without building it.
    if (auto* literal = std::get_if<MapLiteral>(&props->node)) {
        for (const auto& [key, expr] : literal->entries) {
            Value eq = cypher_equals(have(key), eval(expr, row, ctx));
            if (eq.is_null() || !eq.boolean) return false;
        }
        return true;
    }
    Value want = eval(*props, row, ctx);
    if (want.is_null()) return true;
    if (want.kind != K::Map) ctx.fail(props->offset, "expected a map of properties");
    for (const auto& [key, value] : want.map) {
        Value eq = cypher_equals(have(key), value);
        if (eq.is_null() || !eq.boolean) return false;
    }
    return true;
}

// The `name` a node pattern asks for, when it asks for a string one: the
// planner's way in through the name index.
std::optional<std::string> anchor_name(const NodePattern& np, const Row& row, Context& ctx) {
    if (!np.properties) return std::nullopt;
    const auto* literal = std::get_if<MapLiteral>(&np.properties->node);
    if (!literal) return std::nullopt;
    for (const auto& [key, expr] : literal->entries) {
        if (key != "name") continue;
        Value v = eval(expr, row, ctx);
        if (v.kind == K::String) return std::move(v.text);
        return std::nullopt;
    }
    return std::nullopt;
}

bool node_matches(const NodePattern& np, NodeRef n, const Row& row, Context& ctx) {
    // `()` on a graph without deletions matches without reading the node.
    if (ctx.graph.has_deletions() && ctx.graph.nodes[n].deleted) return false;
    if (np.variable) {
        auto it = row.find(*np.variable);
        if (it != row.end() && (it->second.kind != K::Node || it->second.id != n)) return false;
    }
    for (const Name& label : np.labels)
        if (!ctx.graph.has_label(n, label.text)) return false;
    return properties_match(
        np.properties, [&](const std::string& key) { return ctx.graph.node_property(n, key); }, row,
        ctx);
}

bool rel_matches(const RelationshipPattern& rp, RelRef r, const Row& row, Context& ctx) {
    const MemoryRelationship& rel = ctx.graph.relationships[r];
    if (rel.deleted) return false;
    if (!rp.types.empty()) {
        bool any = false;
        for (const Name& t : rp.types) any = any || t.text == ctx.graph.type_of(r);
        if (!any) return false;
    }
    return properties_match(
        rp.properties,
        [&](const std::string& key) { return ctx.graph.relationship_property(r, key); }, row, ctx);
}

Value eval(const Expression& e, const Row& row, Context& ctx) {
    const auto& n = e.node;
    if (auto* lit = std::get_if<Literal>(&n)) {
        return std::visit(
            [](const auto& v) -> Value {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, NullValue>)
                    return Value::null();
                else if constexpr (std::is_same_v<T, bool>)
                    return Value::of_bool(v);
                else if constexpr (std::is_same_v<T, std::int64_t>)
                    return Value::of_int(v);
                else if constexpr (std::is_same_v<T, double>)
                    return Value::of_float(v);
                else
                    return Value::of_string(v);
            },
            lit->value);
    }
    if (auto* list = std::get_if<ListLiteral>(&n)) {
        Value out = Value::of_list({});
        for (const Expression& item : list->items) out.list.push_back(eval(item, row, ctx));
        return out;
    }
    if (auto* map = std::get_if<MapLiteral>(&n)) {
        Value out = Value::empty_map();
        for (const auto& [key, value] : map->entries) out.set_entry(key, eval(value, row, ctx));
        return out;
    }
    if (auto* param = std::get_if<Parameter>(&n)) {
        auto it = ctx.params.find(param->name);
        if (it == ctx.params.end()) ctx.fail(e.offset, "missing parameter $" + param->name);
        return it->second;
    }
    if (auto* var = std::get_if<Variable>(&n)) {
        auto it = row.find(var->name);
        if (it == row.end()) ctx.fail(e.offset, "unknown variable " + var->name);
        return it->second;
    }
    if (auto* access = std::get_if<PropertyAccess>(&n)) {
        // `n.name`, the common case, reads the binding in place.
        if (auto* var = std::get_if<Variable>(&access->subject->node)) {
            auto it = row.find(var->name);
            if (it != row.end() &&
                (it->second.kind == K::Node || it->second.kind == K::Relationship))
                return property_of(it->second, access->key, ctx);
        }
        Value subject = eval(*access->subject, row, ctx);
        if (subject.is_null()) return subject;
        if (subject.kind == K::Map) return subject.get(access->key);
        if (subject.kind == K::Node || subject.kind == K::Relationship)
            return property_of(subject, access->key, ctx);
        ctx.fail(e.offset, "property access on a value without properties");
    }
    if (auto* check = std::get_if<LabelCheck>(&n)) {
        Value subject = eval(*check->subject, row, ctx);
        if (subject.is_null()) return subject;
        if (subject.kind == K::Node) {
            for (const Name& l : check->labels)
                if (!ctx.graph.has_label(subject.id, l.text)) return Value::of_bool(false);
            return Value::of_bool(true);
        }
        if (subject.kind == K::Relationship) {
            const std::string& type = ctx.graph.type_of(subject.id);
            for (const Name& l : check->labels)
                if (l.text != type) return Value::of_bool(false);
            return Value::of_bool(true);
        }
        ctx.fail(e.offset, "label check on a value that is not a node");
    }
    if (auto* index = std::get_if<IndexAccess>(&n)) {
        Value subject = eval(*index->subject, row, ctx);
        Value key = eval(*index->index, row, ctx);
        if (subject.is_null() || key.is_null()) return Value::null();
        if (subject.kind == K::List) {
            if (key.kind != K::Int) ctx.fail(index->index->offset, "list index must be an integer");
            auto size = static_cast<std::int64_t>(subject.list.size());
            std::int64_t i = key.integer < 0 ? key.integer + size : key.integer;
            if (i < 0 || i >= size) return Value::null();
            return subject.list[static_cast<std::size_t>(i)];
        }
        if (subject.kind != K::Map && subject.kind != K::Node && subject.kind != K::Relationship)
            ctx.fail(e.offset, subject.kind == K::String
                                   ? "a string cannot be indexed (substring(s, i, 1) reads one "
                                     "character)"
                                   : "only lists, maps, nodes and relationships can be indexed");
        if (key.kind != K::String)
            ctx.fail(index->index->offset, "a map, node or relationship key must be a string");
        if (subject.kind == K::Map) return subject.get(key.text);
        return property_of(subject, key.text, ctx);
    }
    if (auto* slice = std::get_if<Slice>(&n)) {
        Value subject = eval(*slice->subject, row, ctx);
        if (subject.is_null()) return subject;
        if (subject.kind != K::List) ctx.fail(e.offset, "slice of a non-list");
        auto size = static_cast<std::int64_t>(subject.list.size());
        auto bound = [&](const Box<Expression>& b,
                         std::int64_t fallback) -> std::optional<std::int64_t> {
            if (!b) return fallback;
            Value v = eval(*b, row, ctx);
            if (v.is_null()) return std::nullopt;
            if (v.kind != K::Int) ctx.fail(b->offset, "slice bound must be an integer");
            std::int64_t i = v.integer < 0 ? v.integer + size : v.integer;
            return std::clamp<std::int64_t>(i, 0, size);
        };
        auto from = bound(slice->from, 0), to = bound(slice->to, size);
        if (!from || !to) return Value::null();
        Value out = Value::of_list({});
        for (std::int64_t i = *from; i < *to; ++i)
            out.list.push_back(subject.list[static_cast<std::size_t>(i)]);
        return out;
    }
    if (auto* unary = std::get_if<Unary>(&n)) {
        Value v = eval(*unary->operand, row, ctx);
        if (unary->op == UnaryOp::Not) {
            int t = truth(v, *unary->operand, ctx);
            return from_truth(t < 0 ? -1 : 1 - t);
        }
        if (v.is_null()) return v;
        if (!v.is_number()) ctx.fail(e.offset, "expected a number");
        if (unary->op == UnaryOp::Plus) return v;
        if (v.kind == K::Int) {
            if (v.integer == std::numeric_limits<std::int64_t>::min())
                ctx.fail(e.offset, "integer overflow");
            return Value::of_int(-v.integer);
        }
        return Value::of_float(-v.number);
    }
    if (auto* bin = std::get_if<Binary>(&n)) return binary(*bin, e, row, ctx);
    if (auto* isnull = std::get_if<IsNull>(&n)) {
        bool null = eval(*isnull->operand, row, ctx).is_null();
        return Value::of_bool(isnull->negated ? !null : null);
    }
    if (auto* call = std::get_if<FunctionCall>(&n)) return call_function(*call, e, row, ctx);
    if (std::holds_alternative<CountStar>(n)) {
        if (ctx.aggregates) {
            auto it = ctx.aggregates->find(&e);
            if (it != ctx.aggregates->end()) return it->second;
        }
        ctx.fail(e.offset, "aggregation is not allowed here");
    }
    if (auto* kase = std::get_if<Case>(&n)) {
        if (kase->subject) {
            Value subject = eval(*kase->subject, row, ctx);
            for (const CaseWhen& w : kase->whens) {
                Value eq = cypher_equals(subject, eval(w.when, row, ctx));
                if (!eq.is_null() && eq.boolean) return eval(w.then, row, ctx);
            }
        } else {
            for (const CaseWhen& w : kase->whens) {
                Value c = eval(w.when, row, ctx);
                if (c.kind == K::Bool && c.boolean) return eval(w.then, row, ctx);
            }
        }
        return kase->otherwise ? eval(*kase->otherwise, row, ctx) : Value::null();
    }
    if (auto* comp = std::get_if<ListComprehension>(&n)) {
        Value list = eval(*comp->list, row, ctx);
        if (list.is_null()) return list;
        if (list.kind != K::List) ctx.fail(comp->list->offset, "expected a list");
        Row inner = row;
        Value out = Value::of_list({});
        for (const Value& item : list.list) {
            ctx.tick();
            inner[comp->variable] = item;
            if (comp->where) {
                Value keep = eval(*comp->where, inner, ctx);
                if (keep.kind != K::Bool || !keep.boolean) continue;
            }
            out.list.push_back(comp->projection ? eval(*comp->projection, inner, ctx) : item);
            ctx.add_list_values(1 + out.list.back().list.size(), e.offset);
        }
        return out;
    }
    if (auto* q = std::get_if<Quantifier>(&n)) {
        Value list = eval(*q->list, row, ctx);
        if (list.is_null()) return list;
        if (list.kind != K::List) ctx.fail(q->list->offset, "expected a list");
        Row inner = row;
        std::size_t yes = 0, unknown = 0;
        for (const Value& item : list.list) {
            ctx.tick();
            inner[q->variable] = item;
            Value t = q->where ? eval(*q->where, inner, ctx) : Value::of_bool(true);
            if (t.is_null())
                ++unknown;
            else if (t.kind == K::Bool && t.boolean)
                ++yes;
        }
        std::size_t no = list.list.size() - yes - unknown;
        switch (q->kind) {
            case QuantifierKind::All:
                return no > 0 ? Value::of_bool(false) : from_truth(unknown ? -1 : 1);
            case QuantifierKind::Any:
                return yes > 0 ? Value::of_bool(true) : from_truth(unknown ? -1 : 0);
            case QuantifierKind::None:
                return yes > 0 ? Value::of_bool(false) : from_truth(unknown ? -1 : 1);
            case QuantifierKind::Single:
                if (yes > 1) return Value::of_bool(false);
                return unknown ? Value::null() : Value::of_bool(yes == 1);
        }
    }
    if (auto* pred = std::get_if<PatternPredicate>(&n)) {
        Pattern pattern{pred->pattern};
        bool found = false;
        Matcher m(ctx, pattern, [&](const Row&) {
            found = true;
            return false;
        });
        m.run(row);
        return Value::of_bool(found);
    }
    ctx.fail(e.offset, "unsupported expression");
}

// ------------------------------------------------------- aggregation

void collect_aggregates(const Expression& e, std::vector<const Expression*>& out) {
    if (is_aggregate(e)) {
        out.push_back(&e);
        return;  // nested aggregates are an error the evaluation reports
    }
    for_each_child(e, [&](const Expression& c) { collect_aggregates(c, out); });
}

// Cypher's order (orderability) as a strict weak order, for sets and maps
// of values: DISTINCT, grouping keys.
struct OrderLess {
    bool operator()(const Value& a, const Value& b) const { return order_compare(a, b) < 0; }
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), *this);
    }
};

// One aggregate call folded over the rows of its group as they arrive.
struct Accumulator {
    std::int64_t count = 0;     // non-null values (rows for count(*))
    std::vector<Value> values;  // collect
    std::optional<Value> best;  // min, max
    long double total = 0;      // sum, avg
    std::int64_t int_total = 0;
    bool all_int = true, int_overflow = false;
    std::set<Value, OrderLess> seen;  // DISTINCT
};

void accumulate(const Expression& e, Accumulator& acc, const Row& row, Context& ctx) {
    if (std::holds_alternative<CountStar>(e.node)) {
        ++acc.count;
        return;
    }
    const auto& call = std::get<FunctionCall>(e.node);
    if (call.args.size() != 1) ctx.fail(e.offset, call.name + " expects one argument");
    Value v = eval(call.args[0], row, ctx);
    if (v.is_null()) return;
    if (call.distinct && !acc.seen.insert(v).second) return;
    ++acc.count;
    switch (call.function) {
        case Function::Count:
            return;
        case Function::Collect:
            acc.values.push_back(std::move(v));
            return;
        case Function::Min:
        case Function::Max: {
            // Orderability puts numbers after strings; min/max follow it.
            const int c = acc.best ? order_compare(v, *acc.best) : 0;
            if (!acc.best || (call.function == Function::Min ? c < 0 : c > 0))
                acc.best = std::move(v);
            return;
        }
        default:  // sum, avg
            if (!v.is_number()) ctx.fail(e.offset, call.name + " of a non-number");
            if (v.kind == K::Int)
                acc.int_overflow = acc.int_overflow ||
                                   __builtin_add_overflow(acc.int_total, v.integer, &acc.int_total);
            else
                acc.all_int = false;
            acc.total += v.as_double();
    }
}

Value aggregate_value(const Expression& e, Accumulator& acc, Context& ctx) {
    if (std::holds_alternative<CountStar>(e.node)) return Value::of_int(acc.count);
    const auto& call = std::get<FunctionCall>(e.node);
    if (call.args.size() != 1) ctx.fail(e.offset, call.name + " expects one argument");
    switch (call.function) {
        case Function::Count:
            return Value::of_int(acc.count);
        case Function::Collect:
            return Value::of_list(std::move(acc.values));
        case Function::Min:
        case Function::Max:
            return acc.best ? std::move(*acc.best) : Value::null();
        case Function::Sum:
            // An integer sum that does not fit fails, as integer + does.
            if (acc.all_int && acc.int_overflow)
                ctx.fail(e.offset, "integer overflow", {QueryErrorType::ArithmeticError, ""});
            return acc.all_int ? Value::of_int(acc.int_total)
                               : Value::of_float(static_cast<double>(acc.total));
        default:  // avg, a float
            if (acc.count == 0) return Value::null();
            return Value::of_float(static_cast<double>(acc.total / acc.count));
    }
}

// Groups rows by a projection's keys (its items that do not aggregate) and
// folds every aggregate call over each group as rows arrive: an
// aggregating WITH or RETURN needs memory for its groups, not for its input,
// so `MATCH ... RETURN count(*)` counts past the row cap.
class Grouper {
  public:
    Grouper(std::vector<const Expression*> keys, std::vector<const Expression*> aggregates)
        : keys_(std::move(keys)), aggregates_(std::move(aggregates)) {}

    void add(const Row& row, Context& ctx) {
        ctx.tick();
        std::vector<Value> key;
        key.reserve(keys_.size());
        for (const Expression* k : keys_) key.push_back(eval(*k, row, ctx));
        auto [it, fresh] = index_.try_emplace(std::move(key), groups_.size());
        if (fresh) {
            groups_.push_back({row, std::vector<Accumulator>(aggregates_.size())});
            ctx.check_rows(groups_.size());
        }
        Group& g = groups_[it->second];
        for (std::size_t i = 0; i < aggregates_.size(); ++i)
            accumulate(*aggregates_[i], g.accumulators[i], row, ctx);
    }

    // Calls f(first row of the group, aggregate values) for each group in
    // the order groups first appeared. Without keys there is one group even
    // when no row arrived: count(*) of nothing is 0.
    template <class F>
    void finish(Context& ctx, F&& f) {
        if (groups_.empty() && keys_.empty())
            groups_.push_back({Row{}, std::vector<Accumulator>(aggregates_.size())});
        for (Group& g : groups_) {
            std::map<const Expression*, Value> values;
            for (std::size_t i = 0; i < aggregates_.size(); ++i)
                values[aggregates_[i]] = aggregate_value(*aggregates_[i], g.accumulators[i], ctx);
            f(g.first, std::move(values));
        }
    }

  private:
    struct Group {
        Row first;
        std::vector<Accumulator> accumulators;
    };
    std::vector<const Expression*> keys_, aggregates_;
    std::map<std::vector<Value>, std::size_t, OrderLess> index_;
    std::vector<Group> groups_;
};

// The keys and aggregate calls of a projection's items (in order), and
// whether it aggregates at all (nullopt: it does not). ORDER BY's
// aggregates are folded too.
struct Grouping {
    std::vector<const Expression*> keys, aggregates;
};
std::optional<Grouping> grouping_of(const std::vector<const Expression*>& items,
                                    const Projection& p) {
    Grouping g;
    for (const Expression* item : items) {
        const std::size_t before = g.aggregates.size();
        collect_aggregates(*item, g.aggregates);
        if (g.aggregates.size() == before) g.keys.push_back(item);
    }
    if (g.aggregates.empty()) return std::nullopt;
    for (const SortItem& s : p.order_by) collect_aggregates(s.expression, g.aggregates);
    return g;
}

// A MATCH right before an aggregating WITH/RETURN without `*` feeds its
// matches straight into the grouping.
std::optional<Grouper> streaming_grouper(const Projection& p) {
    if (p.star) return std::nullopt;
    std::vector<const Expression*> items;
    for (const auto& item : p.items) items.push_back(&item.expression);
    auto g = grouping_of(items, p);
    if (!g) return std::nullopt;
    return Grouper(std::move(g->keys), std::move(g->aggregates));
}

// ------------------------------------------------------- clauses

struct Table {
    std::vector<std::string> columns;  // set by projections
    std::vector<Row> rows;
    // A RETURN fused into the MATCH before it (see run_match) leaves its
    // result here, as the cells of QueryResult, instead of in `rows`.
    std::optional<std::vector<std::vector<Value>>> cells;
};

bool truthy(const Value& v) {
    return v.kind == K::Bool && v.boolean;
}

void pattern_variables(const PatternPart& p, std::vector<std::string>& out) {
    if (p.path_variable) out.push_back(*p.path_variable);
    if (p.start.variable) out.push_back(*p.start.variable);
    for (const auto& s : p.steps) {
        if (s.relationship.variable) out.push_back(*s.relationship.variable);
        if (s.node.variable) out.push_back(*s.node.variable);
    }
}

// ------------------------------------------------------- planning

// How selective it is to start matching at this node: 0 already bound, 1 a
// `name` (an index lookup), 2 a label, 3 a scan of every node.
int anchor_cost(const NodePattern& np, const std::set<std::string>& bound) {
    if (np.variable && bound.count(*np.variable)) return 0;
    if (np.properties)
        if (const auto* literal = std::get_if<MapLiteral>(&np.properties->node))
            for (const auto& entry : literal->entries)
                if (entry.first == "name") return 1;
    return np.labels.empty() ? 3 : 2;
}

// A part can start elsewhere than at its first node unless something
// depends on the order it is walked in: a path variable, a shortest-path
// search, a variable-length relationship bound to its list.
bool can_reroot(const PatternPart& p) {
    if (p.path_variable || p.search != PathSearch::All) return false;
    return std::none_of(p.steps.begin(), p.steps.end(), [](const PatternStep& s) {
        return s.relationship.length && s.relationship.variable;
    });
}

Direction reversed(Direction d) {
    return d == Direction::Right ? Direction::Left
                                 : (d == Direction::Left ? Direction::Right : Direction::Both);
}

// The planner: orders the parts of `pattern` most selective first (given the
// variables `bound` before the clause), and starts each part at its most
// selective node. A part anchored at node k becomes two parts sharing the
// anchor: nodes k..end walked forwards, then nodes k..0 walked backwards.
// Relationship uniqueness still holds, since one Matcher runs all parts.
// Returns nullopt when the pattern is best matched as written.
// The part not yet `done` and the node in it (0 its start, k the end of its
// k-th step) with the cheapest anchor; the first such on ties.
std::pair<std::size_t, std::size_t> best_anchor(const Pattern& pattern,
                                                const std::vector<bool>& done,
                                                const std::set<std::string>& bound) {
    std::size_t best_part = 0, best_pos = 0;
    int best_cost = 99;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (done[i]) continue;
        const PatternPart& p = pattern[i];
        const std::size_t last = can_reroot(p) ? p.steps.size() : 0;
        for (std::size_t k = 0; k <= last; ++k) {
            const int cost = anchor_cost(k == 0 ? p.start : p.steps[k - 1].node, bound);
            if (cost < best_cost) {
                best_cost = cost;
                best_part = i;
                best_pos = k;
            }
        }
    }
    return {best_part, best_pos};
}

std::optional<Pattern> plan_pattern(const Pattern& pattern, std::set<std::string> bound) {
    std::vector<bool> done(pattern.size(), false);
    // Most patterns are one part best anchored where it is written: no copy.
    if (pattern.size() == 1 && best_anchor(pattern, done, bound).second == 0) return std::nullopt;
    Pattern out;
    bool changed = false;
    for (std::size_t round = 0; round < pattern.size(); ++round) {
        const auto [best_part, best_pos] = best_anchor(pattern, done, bound);
        done[best_part] = true;
        const PatternPart& p = pattern[best_part];
        changed = changed || best_part != round || best_pos != 0;
        if (best_pos == 0) {
            out.push_back(p);
        } else {
            auto node_at = [&](std::size_t k) -> const NodePattern& {
                return k == 0 ? p.start : p.steps[k - 1].node;
            };
            PatternPart forward;
            forward.offset = p.offset;
            forward.start = node_at(best_pos);
            if (!forward.start.variable)
                forward.start.variable = std::string(1, kHiddenVariable) + std::to_string(round);
            forward.steps.assign(p.steps.begin() + static_cast<std::ptrdiff_t>(best_pos),
                                 p.steps.end());
            PatternPart backward;
            backward.offset = p.offset;
            backward.start.variable = forward.start.variable;
            backward.start.offset = forward.start.offset;
            for (std::size_t k = best_pos; k >= 1; --k) {
                PatternStep step;
                step.relationship = p.steps[k - 1].relationship;
                step.relationship.direction = reversed(step.relationship.direction);
                step.node = node_at(k - 1);
                backward.steps.push_back(std::move(step));
            }
            bound.insert(*forward.start.variable);
            out.push_back(std::move(forward));
            out.push_back(std::move(backward));
        }
        std::vector<std::string> vars;
        pattern_variables(p, vars);
        bound.insert(vars.begin(), vars.end());
    }
    if (!changed) return std::nullopt;
    return out;
}

std::int64_t count_expression(const Box<Expression>& e, Context& ctx);

// A RETURN that maps each row to one row (no aggregation, DISTINCT, ORDER
// BY or *): the MATCH before it can project as it matches.
bool streams(const Projection& p) {
    if (p.star || p.distinct || !p.order_by.empty()) return false;
    std::vector<const Expression*> aggs;
    for (const auto& item : p.items) collect_aggregates(item.expression, aggs);
    return aggs.empty();
}

// SKIP and LIMIT of a projection, applied to its rows.
void page(std::vector<Row>& rows, const Projection& p, Context& ctx) {
    std::size_t skip = p.skip ? static_cast<std::size_t>(count_expression(p.skip, ctx)) : 0;
    std::size_t limit =
        p.limit ? static_cast<std::size_t>(count_expression(p.limit, ctx)) : rows.size();
    skip = std::min(skip, rows.size());
    limit = std::min(limit, rows.size() - skip);
    if (skip == 0 && limit == rows.size()) return;
    std::vector<Row> kept(
        std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(skip)),
        std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(skip + limit)));
    rows = std::move(kept);
}

// `WHERE n.name = 'Microsoft'` (or `$s`) is how most Cypher users anchor a
// pattern: the same pattern with `{name: ...}` on n lets the planner start
// at the name index instead of scanning every node. The WHERE still runs,
// so the answer is the same. Returns nullopt when nothing applies.
std::optional<Pattern> with_where_names(const Pattern& pattern, const Expression* where) {
    if (!where) return std::nullopt;
    std::vector<std::pair<std::string, const Expression*>> names;  // variable, value
    std::vector<const Expression*> conjuncts{where};
    while (!conjuncts.empty()) {
        const Expression* e = conjuncts.back();
        conjuncts.pop_back();
        const auto* b = std::get_if<Binary>(&e->node);
        if (!b) continue;
        if (b->op == BinaryOp::And) {
            conjuncts.push_back(b->lhs.get());
            conjuncts.push_back(b->rhs.get());
            continue;
        }
        if (b->op != BinaryOp::Equal) continue;
        for (const auto& [side, other] :
             {std::pair{b->lhs.get(), b->rhs.get()}, std::pair{b->rhs.get(), b->lhs.get()}}) {
            const auto* access = std::get_if<PropertyAccess>(&side->node);
            const bool constant = std::holds_alternative<Literal>(other->node) ||
                                  std::holds_alternative<Parameter>(other->node);
            if (!access || access->key != "name" || !constant) continue;
            if (const auto* v = std::get_if<Variable>(&access->subject->node))
                names.emplace_back(v->name, other);
        }
    }
    if (names.empty()) return std::nullopt;
    Pattern out = pattern;
    bool changed = false;
    auto add_name = [&](NodePattern& np) {
        if (!np.variable) return;
        for (const auto& [variable, value] : names) {
            if (*np.variable != variable) continue;
            if (!np.properties) np.properties = Expression{MapLiteral{}, np.offset};
            auto* map = std::get_if<MapLiteral>(&np.properties->node);
            if (!map || std::any_of(map->entries.begin(), map->entries.end(),
                                    [](const auto& entry) { return entry.first == "name"; }))
                continue;
            map->entries.emplace_back("name", *value);
            changed = true;
        }
    };
    for (PatternPart& part : out) {
        add_name(part.start);
        for (PatternStep& step : part.steps) add_name(step.node);
    }
    if (!changed) return std::nullopt;
    return out;
}

// MATCH; with `fused` (a streaming RETURN right after it), each match is
// projected at once into result cells instead of being kept as a row of
// bindings, and matching stops once SKIP + LIMIT rows are in. With
// `grouper` (an aggregating projection right after it) each match is
// folded into its group and no row is kept.
void run_match(const Match& m, Table& t, Context& ctx, const Projection* fused = nullptr,
               Grouper* grouper = nullptr) {
    std::vector<Row> out;
    std::vector<std::vector<Value>> cells;
    std::size_t skip = 0, wanted = std::numeric_limits<std::size_t>::max();
    if (fused) {
        if (fused->skip) skip = static_cast<std::size_t>(count_expression(fused->skip, ctx));
        if (fused->limit)
            wanted = skip + static_cast<std::size_t>(count_expression(fused->limit, ctx));
    }
    // Returns false once the rows wanted are in.
    std::size_t kept = 0;  // matches kept, whichever way
    auto keep = [&](const Row& r, bool strip) {
        ++kept;
        if (grouper) {
            grouper->add(r, ctx);
            return true;
        }
        if (fused) {
            std::vector<Value> projected;
            projected.reserve(fused->items.size());
            for (const auto& item : fused->items)
                projected.push_back(eval(item.expression, r, ctx));
            cells.push_back(std::move(projected));
            ctx.check_rows(cells.size());
            return cells.size() < wanted;
        }
        out.push_back(r);
        if (strip)
            out.back().erase_if([](const Row::Entry& e) {
                return !e.first.empty() && e.first[0] == kHiddenVariable;
            });
        ctx.check_rows(out.size());
        return true;
    };
    // Every row binds the same variables, so one plan serves them all.
    std::set<std::string> bound;
    if (!t.rows.empty())
        for (const auto& [name, value] : t.rows.front())
            if (value.kind == K::Node) bound.insert(name);
    const std::optional<Pattern> anchored = with_where_names(m.pattern, m.where.get());
    const Pattern& written = anchored ? *anchored : m.pattern;
    const std::optional<Pattern> planned = plan_pattern(written, std::move(bound));
    const Pattern& pattern = planned ? *planned : written;
    for (const Row& row : t.rows) {
        if (cells.size() >= wanted) break;
        const std::size_t before = kept;
        Matcher matcher(ctx, pattern, [&](const Row& r) {
            if (m.where && !truthy(eval(*m.where, r, ctx))) return true;
            return keep(r, planned.has_value());
        });
        matcher.run(row);
        if (m.optional && kept == before) {
            Row r = row;
            std::vector<std::string> vars;
            for (const auto& p : m.pattern) pattern_variables(p, vars);
            for (const auto& v : vars) r.emplace(v, Value::null());
            keep(r, false);
        }
    }
    if (!fused) {
        t.rows = std::move(out);
        return;
    }
    cells.erase(cells.begin(),
                cells.begin() + static_cast<std::ptrdiff_t>(std::min(skip, cells.size())));
    t.rows.clear();
    t.cells = std::move(cells);
    t.columns.clear();
    for (const auto& item : fused->items) t.columns.push_back(item.alias ? *item.alias : item.text);
}

void run_unwind(const Unwind& u, Table& t, Context& ctx) {
    std::vector<Row> out;
    for (const Row& row : t.rows) {
        Value list = eval(u.list, row, ctx);
        if (list.is_null()) continue;
        if (list.kind != K::List) {
            Row r = row;
            r[u.variable] = list;
            out.push_back(std::move(r));
            continue;
        }
        for (const Value& item : list.list) {
            Row r = row;
            r[u.variable] = item;
            out.push_back(std::move(r));
            ctx.check_rows(out.size());
        }
    }
    t.rows = std::move(out);
}

std::int64_t count_expression(const Box<Expression>& e, Context& ctx) {
    Value v = eval(*e, Row{}, ctx);
    if (v.kind != K::Int || v.integer < 0)
        ctx.fail(e->offset, "SKIP/LIMIT must be a non-negative integer",
                 {QueryErrorType::SyntaxError,
                  v.kind != K::Int ? "InvalidArgumentType" : "NegativeIntegerArgument"});
    return v.integer;
}

// WITH and RETURN: project, group, de-duplicate, sort, page.
void run_projection(const Projection& p, Table& t, Context& ctx, Grouper* streamed = nullptr) {
    struct Item {
        const Expression* expression;
        std::string name;
    };
    std::vector<Item> items;
    std::vector<Expression> star_exprs;  // owns the Variable expressions RETURN * expands to
    if (p.star) {
        std::set<std::string> names;
        for (const Row& r : t.rows)
            for (const auto& [k, v] : r) names.insert(k);
        if (t.rows.empty())
            for (const auto& c : t.columns) names.insert(c);
        star_exprs.reserve(names.size());
        for (const auto& name : names) star_exprs.push_back(Expression{Variable{name}, 0});
        std::size_t i = 0;
        for (const auto& name : names) items.push_back({&star_exprs[i++], name});
    }
    for (const auto& item : p.items)
        items.push_back({&item.expression, item.alias ? *item.alias : item.text});

    std::vector<const Expression*> item_expressions;
    for (const Item& item : items) item_expressions.push_back(item.expression);
    std::optional<Grouping> grouping = grouping_of(item_expressions, p);

    if (!grouping && !p.distinct && p.order_by.empty()) {
        // The common case, one output row per input row in order: no scope
        // or group bookkeeping.
        std::vector<Row> rows;
        rows.reserve(t.rows.size());
        for (const Row& row : t.rows) {
            ctx.tick();
            Row projected;
            projected.reserve(items.size());
            for (const Item& item : items) projected[item.name] = eval(*item.expression, row, ctx);
            rows.push_back(std::move(projected));
        }
        page(rows, p, ctx);
        t.rows = std::move(rows);
        t.columns.clear();
        for (const Item& item : items) t.columns.push_back(item.name);
        return;
    }

    // Each output row, plus the scope ORDER BY sees (input variables and the
    // projected names) and the aggregate values of its group.
    struct Out {
        Row projected;
        Row scope;
        std::map<const Expression*, Value> agg_values;
    };
    std::vector<Out> outs;
    auto project = [&](const Row& source, std::map<const Expression*, Value> agg_values) {
        Out o;
        o.agg_values = std::move(agg_values);
        ctx.aggregates = &o.agg_values;
        for (const Item& item : items) o.projected[item.name] = eval(*item.expression, source, ctx);
        ctx.aggregates = nullptr;
        if (!p.order_by.empty()) {  // only ORDER BY reads the scope
            o.scope = source;
            for (const auto& [k, v] : o.projected) o.scope[k] = v;
        }
        outs.push_back(std::move(o));
    };
    if (!grouping) {
        for (const Row& row : t.rows) {
            ctx.tick();
            project(row, {});
        }
    } else {
        std::optional<Grouper> own;
        if (!streamed) {
            own.emplace(std::move(grouping->keys), std::move(grouping->aggregates));
            for (const Row& row : t.rows) own->add(row, ctx);
        }
        (streamed ? *streamed : *own)
            .finish(ctx, [&](const Row& first, std::map<const Expression*, Value> values) {
                project(first, std::move(values));
            });
    }
    if (p.distinct) {
        std::set<std::vector<Value>, OrderLess> seen;
        std::vector<Out> unique;
        for (auto& o : outs) {
            ctx.tick();
            std::vector<Value> key;
            for (const Item& item : items) key.push_back(o.projected.at(item.name));
            if (seen.insert(std::move(key)).second) unique.push_back(std::move(o));
        }
        outs = std::move(unique);
    }
    if (!p.order_by.empty()) {
        std::vector<std::vector<Value>> keys;
        for (Out& o : outs) {
            ctx.aggregates = &o.agg_values;
            std::vector<Value> k;
            for (const SortItem& s : p.order_by) k.push_back(eval(s.expression, o.scope, ctx));
            ctx.aggregates = nullptr;
            keys.push_back(std::move(k));
        }
        std::vector<std::size_t> idx(outs.size());
        for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
            for (std::size_t i = 0; i < p.order_by.size(); ++i) {
                int c = order_compare(keys[a][i], keys[b][i]);
                if (c != 0) return p.order_by[i].descending ? c > 0 : c < 0;
            }
            return false;
        });
        std::vector<Out> sorted;
        for (std::size_t i : idx) sorted.push_back(std::move(outs[i]));
        outs = std::move(sorted);
    }
    std::size_t skip = p.skip ? static_cast<std::size_t>(count_expression(p.skip, ctx)) : 0;
    std::size_t limit =
        p.limit ? static_cast<std::size_t>(count_expression(p.limit, ctx)) : outs.size();
    t.rows.clear();
    t.columns.clear();
    for (const Item& item : items) t.columns.push_back(item.name);
    for (std::size_t i = skip; i < outs.size() && i - skip < limit; ++i)
        t.rows.push_back(std::move(outs[i].projected));
}

Value properties_value(const Box<Expression>& props, const Row& row, Context& ctx) {
    Value out = Value::empty_map();
    if (!props) return out;
    Value v = eval(*props, row, ctx);
    if (v.kind != K::Map) return out;
    for (auto& [k, val] : v.map)
        if (!val.is_null()) out.set_entry(k, val);
    return out;
}

void create_part(const PatternPart& p, Row& row, Context& ctx) {
    auto node_for = [&](const NodePattern& np) -> NodeRef {
        if (np.variable) {
            auto it = row.find(*np.variable);
            if (it != row.end()) {
                if (it->second.kind != K::Node) ctx.fail(np.offset, "variable is not a node");
                if (!np.labels.empty() || np.properties)
                    ctx.fail(np.offset, "variable already bound");
                return it->second.id;
            }
        }
        std::vector<std::string> labels;
        for (const Name& l : np.labels)
            if (std::find(labels.begin(), labels.end(), l.text) == labels.end())
                labels.push_back(l.text);
        NodeRef n =
            ctx.graph.create_node(std::move(labels), properties_value(np.properties, row, ctx));
        if (np.variable) row[*np.variable] = Value::of_node(n);
        return n;
    };
    Value path;
    path.kind = K::Path;
    NodeRef current = node_for(p.start);
    path.path_nodes.push_back(current);
    for (const PatternStep& s : p.steps) {
        const RelationshipPattern& rp = s.relationship;
        if (rp.types.size() != 1) ctx.fail(rp.offset, "CREATE needs exactly one relationship type");
        if (rp.length) ctx.fail(rp.offset, "CREATE cannot use a variable-length relationship");
        if (rp.direction == Direction::Both)
            ctx.fail(rp.offset, "CREATE needs a directed relationship");
        if (rp.variable && row.count(*rp.variable)) ctx.fail(rp.offset, "variable already bound");
        NodeRef next = node_for(s.node);
        NodeRef from = rp.direction == Direction::Right ? current : next;
        NodeRef to = rp.direction == Direction::Right ? next : current;
        RelRef r = ctx.graph.add_relationship(from, to, rp.types[0].text,
                                              properties_value(rp.properties, row, ctx));
        if (rp.variable) row[*rp.variable] = Value::of_relationship(r);
        path.path_rels.push_back(r);
        path.path_nodes.push_back(next);
        current = next;
    }
    if (p.path_variable) row[*p.path_variable] = std::move(path);
}

void run_create(const Create& c, Table& t, Context& ctx) {
    for (Row& row : t.rows)
        for (const PatternPart& p : c.pattern) create_part(p, row, ctx);
}

Value* mutable_properties(const Value& target, Context& ctx, std::size_t offset) {
    ctx.graph.changed();  // names may change: the name index rebuilds
    if (target.kind == K::Node) {
        ctx.graph.node_properties(target.id);  // hydrated first, so nothing is lost
        return &ctx.graph.nodes.at(target.id).properties;
    }
    if (target.kind == K::Relationship) {
        ctx.graph.relationship_properties(target.id);
        return &ctx.graph.relationships.at(target.id).properties;
    }
    ctx.fail(offset, "can only set properties of nodes and relationships");
}

void apply_set(const SetItem& item, Row& row, Context& ctx) {
    if (auto* sp = std::get_if<SetProperty>(&item)) {
        const auto* access = std::get_if<PropertyAccess>(&sp->target.node);
        if (!access) ctx.fail(sp->target.offset, "SET needs a property");
        Value target = eval(*access->subject, row, ctx);
        if (target.is_null()) return;
        Value value = eval(sp->value, row, ctx);
        Value* props = mutable_properties(target, ctx, sp->target.offset);
        if (value.is_null()) {
            erase_if(props->map, [&](const auto& e) { return e.first == access->key; });
        } else {
            props->set_entry(access->key, std::move(value));
        }
    } else if (auto* sps = std::get_if<SetProperties>(&item)) {
        auto it = row.find(sps->variable);
        if (it == row.end()) ctx.fail(sps->value.offset, "unknown variable " + sps->variable);
        if (it->second.is_null()) return;
        Value value = eval(sps->value, row, ctx);
        if (value.kind == K::Node || value.kind == K::Relationship)
            value = properties_of(value, ctx);
        if (value.kind != K::Map) ctx.fail(sps->value.offset, "SET expects a map");
        Value* props = mutable_properties(it->second, ctx, sps->value.offset);
        if (!sps->merge) props->map.clear();
        for (const auto& [k, v] : value.map) {
            if (v.is_null())
                erase_if(props->map, [&](const auto& e) { return e.first == k; });
            else
                props->set_entry(k, v);
        }
    } else if (auto* sl = std::get_if<SetLabels>(&item)) {
        auto it = row.find(sl->variable);
        if (it == row.end()) ctx.fail(0, "unknown variable " + sl->variable);
        if (it->second.is_null()) return;
        if (it->second.kind != K::Node) ctx.fail(0, "can only label nodes");
        auto& labels = ctx.graph.nodes.at(it->second.id).labels;
        ctx.graph.changed();
        for (const Name& l : sl->labels)
            if (std::find(labels.begin(), labels.end(), l.text) == labels.end())
                labels.push_back(l.text);
    }
}

void run_delete(const Delete& d, Table& t, Context& ctx) {
    std::vector<NodeRef> nodes;
    for (const Row& row : t.rows) {
        for (const Expression& e : d.targets) {
            Value v = eval(e, row, ctx);
            std::vector<Value> targets;
            if (v.kind == K::Path) {
                for (RelRef r : v.path_rels) targets.push_back(Value::of_relationship(r));
                for (NodeRef n : v.path_nodes) targets.push_back(Value::of_node(n));
            } else {
                targets.push_back(v);
            }
            for (const Value& target : targets) {
                if (target.is_null()) continue;
                if (target.kind == K::Relationship) {
                    ctx.graph.note_deletion();
                    ctx.graph.relationships.at(target.id).deleted = true;
                } else if (target.kind == K::Node) {
                    ctx.graph.out(target.id);  // a lazily filled graph reads them first
                    ctx.graph.in(target.id);
                    MemoryNode& node = ctx.graph.nodes.at(target.id);
                    if (d.detach) {
                        ctx.graph.note_deletion();
                        for (const Edge& e : node.out)
                            ctx.graph.relationships[e.rel].deleted = true;
                        for (const Edge& e : node.in) ctx.graph.relationships[e.rel].deleted = true;
                    }
                    nodes.push_back(target.id);
                } else {
                    ctx.fail(e.offset, "DELETE expects a node, relationship or path");
                }
            }
        }
    }
    // Nodes go last, so deleting a node and its relationships in one clause works.
    for (NodeRef n : nodes) {
        MemoryNode& node = ctx.graph.nodes[n];
        for (const auto* list : {&node.out, &node.in})
            for (const Edge& e : *list)
                if (!ctx.graph.relationships[e.rel].deleted)
                    ctx.fail(
                        0, "cannot delete a node that still has relationships; use DETACH DELETE");
        ctx.graph.note_deletion();
        node.deleted = true;
    }
}

void run_remove(const Remove& r, Table& t, Context& ctx) {
    for (Row& row : t.rows) {
        for (const Expression& e : r.items) {
            if (auto* access = std::get_if<PropertyAccess>(&e.node)) {
                Value target = eval(*access->subject, row, ctx);
                if (target.is_null()) continue;
                Value* props = mutable_properties(target, ctx, e.offset);
                erase_if(props->map, [&](const auto& x) { return x.first == access->key; });
            } else if (auto* check = std::get_if<LabelCheck>(&e.node)) {
                Value target = eval(*check->subject, row, ctx);
                if (target.kind != K::Node) continue;
                auto& labels = ctx.graph.nodes.at(target.id).labels;
                ctx.graph.changed();
                for (const Name& l : check->labels) std::erase(labels, l.text);
            }
        }
    }
}

void run_merge(const Merge& m, Table& t, Context& ctx) {
    std::vector<Row> out;
    Pattern pattern{m.pattern};
    for (const Row& row : t.rows) {
        std::vector<Row> found;
        Matcher matcher(ctx, pattern, [&](const Row& r) {
            found.push_back(r);
            ctx.check_rows(found.size());
            return true;
        });
        matcher.run(row);
        if (found.empty()) {
            Row r = row;
            create_part(m.pattern, r, ctx);
            for (const SetItem& s : m.on_create) apply_set(s, r, ctx);
            out.push_back(std::move(r));
        } else {
            for (Row& r : found) {
                for (const SetItem& s : m.on_match) apply_set(s, r, ctx);
                out.push_back(std::move(r));
            }
        }
    }
    t.rows = std::move(out);
}

// WITH: a projection, then its WHERE on the projected rows.
void run_with(const With& w, Table& t, Context& ctx, Grouper* streamed = nullptr) {
    run_projection(w.projection, t, ctx, streamed);
    if (w.where)
        std::erase_if(t.rows, [&](const Row& r) { return !truthy(eval(*w.where, r, ctx)); });
}

QueryResult run_single(const SingleQuery& q, Context& ctx) {
    Table t;
    t.rows.emplace_back();
    bool returned = false;
    for (std::size_t ci = 0; ci < q.clauses.size(); ++ci) {
        const auto& c = q.clauses[ci].node;
        const Return* next =
            ci + 1 < q.clauses.size() ? std::get_if<Return>(&q.clauses[ci + 1].node) : nullptr;
        const With* next_with =
            ci + 1 < q.clauses.size() ? std::get_if<With>(&q.clauses[ci + 1].node) : nullptr;
        const Projection* next_projection = next        ? &next->projection
                                            : next_with ? &next_with->projection
                                                        : nullptr;
        const bool fuse = std::holds_alternative<Match>(c) && next && streams(next->projection);
        std::optional<Grouper> grouper;
        if (std::holds_alternative<Match>(c) && next_projection && !fuse)
            grouper = streaming_grouper(*next_projection);
        if (auto* m = std::get_if<Match>(&c); m && fuse) {
            run_match(*m, t, ctx, &next->projection);
            returned = true;
            ++ci;
        } else if (auto* m = std::get_if<Match>(&c); m && grouper) {
            // MATCH ... RETURN count(*): matches go straight into the groups;
            // the WITH or RETURN runs next on them (as the clause after MATCH).
            run_match(*m, t, ctx, nullptr, &*grouper);
            if (next) {
                run_projection(next->projection, t, ctx, &*grouper);
                returned = true;
            } else {
                run_with(*next_with, t, ctx, &*grouper);
            }
            ++ci;
        } else if (auto* m = std::get_if<Match>(&c))
            run_match(*m, t, ctx);
        else if (auto* u = std::get_if<Unwind>(&c))
            run_unwind(*u, t, ctx);
        else if (auto* w = std::get_if<With>(&c))
            run_with(*w, t, ctx);
        else if (auto* r = std::get_if<Return>(&c)) {
            run_projection(r->projection, t, ctx);
            returned = true;
        } else if (auto* cr = std::get_if<Create>(&c))
            run_create(*cr, t, ctx);
        else if (auto* mg = std::get_if<Merge>(&c))
            run_merge(*mg, t, ctx);
        else if (auto* s = std::get_if<Set>(&c)) {
            for (Row& row : t.rows)
                for (const SetItem& item : s->items) apply_set(item, row, ctx);
        } else if (auto* d = std::get_if<Delete>(&c))
            run_delete(*d, t, ctx);
        else if (auto* rm = std::get_if<Remove>(&c))
            run_remove(*rm, t, ctx);
    }
    QueryResult result;
    if (!returned) return result;
    result.columns = t.columns;
    if (t.cells) {
        result.rows = std::move(*t.cells);
        return result;
    }
    result.rows.reserve(t.rows.size());
    for (Row& r : t.rows) {
        std::vector<Value> cells;
        cells.reserve(t.columns.size());
        for (const auto& col : t.columns) {
            auto it = r.find(col);
            cells.push_back(it != r.end() ? std::move(it->second) : Value::null());
        }
        result.rows.push_back(std::move(cells));
    }
    return result;
}

void append_float(std::string& out, double d) {
    if (std::isnan(d)) {
        out += "NaN";
        return;
    }
    if (std::isinf(d)) {
        out += d > 0 ? "Infinity" : "-Infinity";
        return;
    }
    // As Cypher engines print floats (Java's Double.toString): plain between
    // 10^-3 and 10^7, else scientific with a capital E (2.0E9, 1.0E-7); the
    // shortest digits that read back as the same double, always with a
    // fraction so that a float never looks like an integer.
    const double magnitude = std::fabs(d);
    const bool plain = magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7);
    char buf[64];
    const auto [end, ec] = std::to_chars(
        buf, buf + sizeof buf, d, plain ? std::chars_format::fixed : std::chars_format::scientific);
    const std::string_view s(buf, static_cast<std::size_t>(end - buf));
    const std::size_t e = s.find('e');
    const std::string_view mantissa = s.substr(0, e);
    out += mantissa;
    if (mantissa.find('.') == std::string_view::npos) out += ".0";
    if (e == std::string_view::npos) return;
    out += 'E';
    std::string_view exponent = s.substr(e + 1);
    if (exponent.front() == '-') {
        out += '-';
        exponent.remove_prefix(1);
    } else if (exponent.front() == '+') {
        exponent.remove_prefix(1);
    }
    while (exponent.size() > 1 && exponent.front() == '0') exponent.remove_prefix(1);
    out += exponent;
}

void append_value(std::string& out, const Value& v, const MemoryGraph& g);

void append_map(std::string& out, const Value& m, const MemoryGraph& g) {
    out += '{';
    bool first = true;
    for (const auto& [k, val] : m.map) {
        if (!first) out += ", ";
        first = false;
        out += k;
        out += ": ";
        append_value(out, val, g);
    }
    out += '}';
}

void append_node(std::string& out, NodeRef n, const MemoryGraph& g) {
    out += '(';
    const MemoryNode& node = g.nodes.at(n);
    for (const auto& l : node.labels) out += ":" + l;
    if (!node.properties.map.empty()) {
        if (!node.labels.empty()) out += ' ';
        append_map(out, node.properties, g);
    }
    out += ')';
}

void append_rel(std::string& out, RelRef r, const MemoryGraph& g) {
    const MemoryRelationship& rel = g.relationships.at(r);
    out += "[:" + g.type_of(r);
    if (!rel.properties.map.empty()) {
        out += ' ';
        append_map(out, rel.properties, g);
    }
    out += ']';
}

void append_value(std::string& out, const Value& v, const MemoryGraph& g) {
    switch (v.kind) {
        case K::Null:
            out += "null";
            break;
        case K::Bool:
            out += v.boolean ? "true" : "false";
            break;
        case K::Int:
            out += std::to_string(v.integer);
            break;
        case K::Float:
            append_float(out, v.number);
            break;
        case K::String:
            out += "'" + v.text + "'";
            break;
        case K::List: {
            out += '[';
            for (std::size_t i = 0; i < v.list.size(); ++i) {
                if (i) out += ", ";
                append_value(out, v.list[i], g);
            }
            out += ']';
            break;
        }
        case K::Map:
            append_map(out, v, g);
            break;
        case K::Node:
            append_node(out, v.id, g);
            break;
        case K::Relationship:
            append_rel(out, v.id, g);
            break;
        case K::Path: {
            out += '<';
            append_node(out, v.path_nodes.at(0), g);
            for (std::size_t i = 0; i < v.path_rels.size(); ++i) {
                const auto& rel = g.relationships.at(v.path_rels[i]);
                bool forward = rel.source == v.path_nodes[i];
                out += forward ? "-" : "<-";
                append_rel(out, v.path_rels[i], g);
                out += forward ? "->" : "-";
                append_node(out, v.path_nodes.at(i + 1), g);
            }
            out += '>';
            break;
        }
    }
}

QueryResult run_query(const Query& query, std::string_view text, MemoryGraph& graph,
                      const Parameters& parameters, const QueryLimits& limits);

}  // namespace

QueryTimeout::QueryTimeout(std::string_view query, std::chrono::milliseconds limit)
    : QueryError(query, 0, "query timed out"), limit_(limit) {}

QueryCancelled::QueryCancelled(std::string_view query) : QueryError(query, 0, "query cancelled") {}

QueryRowLimit::QueryRowLimit(std::string_view query, std::size_t limit)
    : QueryError(query, 0, "query produced too many rows"), limit_(limit) {}

std::string format_value(const Value& value, const MemoryGraph& graph) {
    std::string out;
    append_value(out, value, graph);
    return out;
}

QueryResult execute(const Query& query, std::string_view text, MemoryGraph& graph,
                    const Parameters& parameters, const QueryLimits& limits) {
    check_query(query, text);
    return run_query(query, text, graph, parameters, limits);
}

namespace {

QueryResult run_query(const Query& query, std::string_view text, MemoryGraph& graph,
                      const Parameters& parameters, const QueryLimits& limits) {
    Context ctx{graph, parameters, text, limits, Clock::now() + limits.timeout};
    // Reading a big graph from the store counts against the time limit too.
    struct InterruptGuard {
        MemoryGraph& graph;
        ~InterruptGuard() { graph.set_interrupt({}); }
    } guard{graph};
    graph.set_interrupt([&ctx] { ctx.check_deadline(); });
    QueryResult result;
    for (std::size_t i = 0; i < query.parts.size(); ++i) {
        QueryResult part = run_single(query.parts[i], ctx);
        if (i == 0) {
            result = std::move(part);
            continue;
        }
        if (part.columns != result.columns)
            ctx.fail(0, "all parts of a UNION must return the same columns");
        for (auto& r : part.rows) result.rows.push_back(std::move(r));
        if (!query.union_all[i - 1]) {
            std::vector<std::vector<Value>> unique;
            for (auto& r : result.rows) {
                bool seen = std::any_of(unique.begin(), unique.end(), [&](const auto& u) {
                    for (std::size_t c = 0; c < r.size(); ++c)
                        if (!equivalent(u[c], r[c])) return false;
                    return true;
                });
                if (!seen) unique.push_back(std::move(r));
            }
            result.rows = std::move(unique);
        }
    }
    return result;
}

}  // namespace

PreparedQuery prepare(std::string_view text) {
    PreparedQuery prepared{std::string(text), parse_query(text)};
    check_query(prepared.query, prepared.text);
    return prepared;
}

QueryResult execute(const PreparedQuery& prepared, MemoryGraph& graph, const Parameters& parameters,
                    const QueryLimits& limits) {
    return run_query(prepared.query, prepared.text, graph, parameters, limits);
}

QueryResult execute(std::string_view text, MemoryGraph& graph, const Parameters& parameters,
                    const QueryLimits& limits) {
    return execute(prepare(text), graph, parameters, limits);
}

}  // namespace kg::query
