// The rows of kg's property graph (kg/graph/property_graph.hpp) for a
// snapshot, for the writers that export a property graph (GraphML, Neo4j
// CSV): entity nodes by id, then one node per distinct literal value, then
// one relationship per fact by id. Node ids are "e<entity id>" and
// "v<n>"; relationship ids "f<fact id>". Internal to the export stage.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kg/export/snapshot.hpp"
#include "kg/graph/property_graph.hpp"

namespace kg::exporter {

struct NodeRow {
    std::string id;
    std::string label;  // the entity's type, or "Value"
    Properties properties;
};

struct RelationshipRow {
    std::string id, start, end;
    std::string type;       // relationship_type(): "acquired", "not-acquired"
    Properties properties;  // fact_id, confidence, negated, then fact_properties()
};

// How a column holds its property in every row: one kind, or Text when rows
// disagree (numbers that mix integers and reals are Real).
enum class ColumnKind { Text, Integer, Real, Boolean, TextList };

struct Column {
    std::string name;
    ColumnKind kind;
};

class PropertyRows {
  public:
    explicit PropertyRows(const GraphSnapshot& graph);  // `graph` must outlive this
    PropertyRows(const PropertyRows&) = delete;         // values_ point into text_objects_
    PropertyRows& operator=(const PropertyRows&) = delete;

    std::size_t node_count() const { return entities_.size() + values_.size(); }
    std::size_t relationship_count() const { return facts_.size(); }
    NodeRow node(std::size_t i) const;
    RelationshipRow relationship(std::size_t i) const;

    // Every property name the nodes (relationships) use, in first-seen order.
    std::vector<Column> node_columns() const;
    std::vector<Column> relationship_columns() const;

  private:
    std::string node_id_of(const Fact& f) const;

    std::vector<Entity> entities_;      // by id, with those only facts name
    std::vector<const Value*> values_;  // by key
    std::map<std::string, std::size_t> value_index_;
    std::vector<const Fact*> facts_;  // by id
    std::deque<Value> text_objects_;  // objects of facts with only an object name
};

// A property as text for formats without its type: numbers in the shortest
// form that reads back exactly, booleans as true/false, lists as a JSON array.
std::string property_text(const PropertyValue& value);

}  // namespace kg::exporter
