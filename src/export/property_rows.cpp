#include "property_rows.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <type_traits>
#include <variant>

#include <nlohmann/json.hpp>

namespace kg::exporter {
namespace {

ColumnKind kind_of(const PropertyValue& v) {
    switch (v.index()) {
        case 0:
            return ColumnKind::Text;
        case 1:
            return ColumnKind::Integer;
        case 2:
            return ColumnKind::Real;
        case 3:
            return ColumnKind::Boolean;
        default:
            return ColumnKind::TextList;
    }
}

ColumnKind merged(ColumnKind a, ColumnKind b) {
    if (a == b) return a;
    const auto numeric = [](ColumnKind k) {
        return k == ColumnKind::Integer || k == ColumnKind::Real;
    };
    if (numeric(a) && numeric(b)) return ColumnKind::Real;
    return ColumnKind::Text;
}

void note_columns(const Properties& props, std::vector<Column>& columns,
                  std::map<std::string, std::size_t, std::less<>>& index) {
    for (const auto& [name, value] : props) {
        auto [it, fresh] = index.try_emplace(name, columns.size());
        if (fresh)
            columns.push_back({name, kind_of(value)});
        else
            columns[it->second].kind = merged(columns[it->second].kind, kind_of(value));
    }
}

Value text_value(const Fact& f) {
    Value v;
    v.text = f.object_name;
    return v;
}

}  // namespace

PropertyRows::PropertyRows(const GraphSnapshot& graph) {
    for (const auto& f : graph.facts) facts_.push_back(&f);
    std::sort(facts_.begin(), facts_.end(),
              [](const Fact* a, const Fact* b) { return a->id < b->id; });

    std::map<EntityId, Entity> entities;
    for (const auto& e : graph.entities) entities.emplace(e.id, e);
    // An entity a fact names but the snapshot lacks still gets a node, named
    // from the fact (its type is not known: Other).
    std::map<std::string, const Value*> values;
    auto named = [&](EntityId id, const std::string& name) {
        Entity e;
        e.id = id;
        e.name = name;
        entities.try_emplace(id, std::move(e));
    };
    for (const Fact* f : facts_) {
        named(f->subject, f->subject_name);
        if (f->object_entity)
            named(*f->object_entity, f->object_name);
        else if (f->object_value)
            values.try_emplace(f->object_value->key(), &*f->object_value);
        else  // a hand-built fact with only an object name: a text value
            values.try_emplace(text_value(*f).key(), &text_objects_.emplace_back(text_value(*f)));
    }
    for (auto& [id, e] : entities) entities_.push_back(std::move(e));
    for (const auto& [key, v] : values) {
        value_index_.emplace(key, values_.size());
        values_.push_back(v);
    }
}

NodeRow PropertyRows::node(std::size_t i) const {
    if (i < entities_.size()) {
        const Entity& e = entities_[i];
        return {"e" + std::to_string(e.id), std::string(to_string(e.type)), entity_properties(e)};
    }
    const std::size_t v = i - entities_.size();
    return {"v" + std::to_string(v + 1), "Value", value_properties(*values_[v])};
}

std::string PropertyRows::node_id_of(const Fact& f) const {
    if (f.object_entity) return "e" + std::to_string(*f.object_entity);
    const std::string key = f.object_value ? f.object_value->key() : text_value(f).key();
    return "v" + std::to_string(value_index_.at(key) + 1);
}

RelationshipRow PropertyRows::relationship(std::size_t i) const {
    const Fact& f = *facts_[i];
    Properties props{
        {"fact_id", std::int64_t{f.id}}, {"confidence", f.confidence}, {"negated", f.negated}};
    for (auto& p : fact_properties(f)) props.push_back(std::move(p));
    return {"f" + std::to_string(f.id), "e" + std::to_string(f.subject), node_id_of(f),
            relationship_type(f.relation, f.negated), std::move(props)};
}

std::vector<Column> PropertyRows::node_columns() const {
    std::vector<Column> columns;
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t i = 0; i < node_count(); ++i) note_columns(node(i).properties, columns, index);
    return columns;
}

std::vector<Column> PropertyRows::relationship_columns() const {
    std::vector<Column> columns;
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t i = 0; i < relationship_count(); ++i)
        note_columns(relationship(i).properties, columns, index);
    return columns;
}

std::string property_text(const PropertyValue& value) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>) {
                return x;
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(x);
            } else if constexpr (std::is_same_v<T, double>) {
                if (!std::isfinite(x))
                    return std::isnan(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
                char buf[64];
                // Whole amounts in full ("150000000000", not "1.5e+11"): readers
                // of every language parse them, and people read them. Others to
                // 15 significant digits, as kg query shows them: a computed
                // confidence is 0.48, not 0.4800000000000001.
                const bool whole = std::abs(x) < 1e18 && x == std::trunc(x);
                auto res =
                    whole ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed)
                          : std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 15);
                return std::string(buf, res.ptr);
            } else if constexpr (std::is_same_v<T, bool>) {
                return x ? "true" : "false";
            } else {
                return nlohmann::json(x).dump(-1, ' ', false,
                                              nlohmann::json::error_handler_t::replace);
            }
        },
        value);
}

}  // namespace kg::exporter
