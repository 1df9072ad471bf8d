// kg's graph as a property graph: the shape `kg query` shows and the
// GraphML and Neo4j CSV exports write, defined once so that both agree.
//
//  - An entity is a node labelled with its type, with `name`, `type`,
//    `aliases` (every other spelling seen) and `mentions`.
//  - A literal value ("$1B", "2019") is a node labelled `Value`, one per
//    distinct value (`Value::key()`), with `value` (as displayed), `kind`
//    and, where they apply, `date`, `amount`, `currency` and `unit`.
//  - A fact is a relationship typed by its relation, or `not-R` for a
//    denied fact, so that `R` finds only what sources assert. Besides its
//    fact id, confidence and negated flag it carries fact_properties().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "kg/graph/model.hpp"

namespace kg {

// One property value; lists hold text (aliases, sources, sentences).
using PropertyValue =
    std::variant<std::string, std::int64_t, double, bool, std::vector<std::string>>;
// In a fixed order, each name once.
using Properties = std::vector<std::pair<std::string, PropertyValue>>;

// The relationship type of a fact of `relation`: the relation, or "not-" +
// relation for a denied fact.
std::string relationship_type(std::string_view relation, bool negated);

// The relation a "not-R" relationship type denies, if it is one.
std::optional<std::string_view> denied_relation(std::string_view type);

// The names fact_properties() never uses for a qualifier, because every
// relationship has them already (a qualifier of such a name is left out).
bool is_reserved_relationship_property(std::string_view name);

Properties entity_properties(const Entity& entity);
Properties value_properties(const Value& value);

// `modality` (when set), each qualifier under its own name (dates as ISO
// text, others as displayed; amounts also as numbers under NAME_value, so
// they sort as numbers, unless a qualifier has that name), `sources`
// (distinct URIs) and `sentences`.
Properties fact_properties(const Fact& fact);

}  // namespace kg
