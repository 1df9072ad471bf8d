#include "kg/query/value.hpp"

#include <algorithm>
#include <cmath>

namespace kg::query {

void Value::set_entry(const std::string& key, Value value) {
    auto it =
        std::lower_bound(map.begin(), map.end(), key,
                         [](const auto& entry, const std::string& k) { return entry.first < k; });
    if (it != map.end() && it->first == key) {
        it->second = std::move(value);
    } else {
        map.insert(it, {key, std::move(value)});
    }
}

Value Value::get(const std::string& key) const {
    const Value* v = find(key);
    return v ? *v : Value{};
}

const Value* Value::find(std::string_view key) const {
    // Node and relationship maps hold a handful of entries: a scan from the
    // front touches fewer cache lines than bisection (`name` comes first).
    if (map.size() <= 4) {
        for (const auto& entry : map)
            if (entry.first == key) return &entry.second;
        return nullptr;
    }
    auto it =
        std::lower_bound(map.begin(), map.end(), key,
                         [](const auto& entry, std::string_view k) { return entry.first < k; });
    return it != map.end() && it->first == key ? &it->second : nullptr;
}

Value cypher_equals(const Value& a, const Value& b) {
    using K = Value::Kind;
    if (a.is_null() || b.is_null()) return Value::null();
    if (a.is_number() && b.is_number()) {
        if (a.kind == K::Int && b.kind == K::Int) return Value::of_bool(a.integer == b.integer);
        return Value::of_bool(a.as_double() == b.as_double());
    }
    if (a.kind != b.kind) return Value::of_bool(false);
    switch (a.kind) {
        case K::Bool:
            return Value::of_bool(a.boolean == b.boolean);
        case K::String:
            return Value::of_bool(a.text == b.text);
        case K::Node:
        case K::Relationship:
            return Value::of_bool(a.id == b.id);
        case K::Path:
            return Value::of_bool(a.path_nodes == b.path_nodes && a.path_rels == b.path_rels);
        case K::List: {
            if (a.list.size() != b.list.size()) return Value::of_bool(false);
            bool unknown = false;
            for (std::size_t i = 0; i < a.list.size(); ++i) {
                Value e = cypher_equals(a.list[i], b.list[i]);
                if (e.is_null())
                    unknown = true;
                else if (!e.boolean)
                    return Value::of_bool(false);
            }
            return unknown ? Value::null() : Value::of_bool(true);
        }
        case K::Map: {
            if (a.map.size() != b.map.size()) return Value::of_bool(false);
            bool unknown = false;
            for (std::size_t i = 0; i < a.map.size(); ++i) {
                if (a.map[i].first != b.map[i].first) return Value::of_bool(false);
                Value e = cypher_equals(a.map[i].second, b.map[i].second);
                if (e.is_null())
                    unknown = true;
                else if (!e.boolean)
                    return Value::of_bool(false);
            }
            return unknown ? Value::null() : Value::of_bool(true);
        }
        default:
            return Value::of_bool(false);
    }
}

namespace {

int rank(const Value& v) {
    using K = Value::Kind;
    switch (v.kind) {
        case K::Map:
            return 0;
        case K::Node:
            return 1;
        case K::Relationship:
            return 2;
        case K::List:
            return 3;
        case K::Path:
            return 4;
        case K::String:
            return 5;
        case K::Bool:
            return 6;
        case K::Int:
        case K::Float:
            return 7;
        case K::Null:
            return 8;
    }
    return 9;
}

template <class T>
int three_way(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

int order_compare(const Value& a, const Value& b) {
    using K = Value::Kind;
    int ra = rank(a), rb = rank(b);
    if (ra != rb) return ra < rb ? -1 : 1;
    switch (a.kind) {
        case K::Null:
            return 0;
        case K::Bool:
            return three_way(a.boolean, b.boolean);
        case K::String:
            return three_way(a.text, b.text);
        case K::Node:
        case K::Relationship:
            return three_way(a.id, b.id);
        case K::Int:
        case K::Float: {
            if (a.kind == K::Int && b.kind == K::Int) return three_way(a.integer, b.integer);
            double x = a.as_double(), y = b.as_double();
            // NaN sorts above every other number.
            if (std::isnan(x) || std::isnan(y)) return three_way(std::isnan(x), std::isnan(y));
            return three_way(x, y);
        }
        case K::List: {
            for (std::size_t i = 0; i < a.list.size() && i < b.list.size(); ++i) {
                int c = order_compare(a.list[i], b.list[i]);
                if (c != 0) return c;
            }
            return three_way(a.list.size(), b.list.size());
        }
        case K::Map: {
            for (std::size_t i = 0; i < a.map.size() && i < b.map.size(); ++i) {
                int c = three_way(a.map[i].first, b.map[i].first);
                if (c == 0) c = order_compare(a.map[i].second, b.map[i].second);
                if (c != 0) return c;
            }
            return three_way(a.map.size(), b.map.size());
        }
        case K::Path: {
            int c = three_way(a.path_nodes, b.path_nodes);
            return c != 0 ? c : three_way(a.path_rels, b.path_rels);
        }
    }
    return 0;
}

}  // namespace kg::query
