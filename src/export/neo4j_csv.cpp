#include "kg/export/neo4j_csv.hpp"

#include <algorithm>
#include <ostream>
#include <string>
#include <variant>

#include "kg/source/utf8.hpp"
#include "kg/strings.hpp"
#include "property_rows.hpp"

namespace kg {
namespace {

using exporter::Column;
using exporter::ColumnKind;

constexpr char kArrayDelimiter = '\x1F';

std::string header_type(ColumnKind kind) {
    switch (kind) {
        case ColumnKind::Integer:
            return ":long";
        case ColumnKind::Real:
            return ":double";
        case ColumnKind::Boolean:
            return ":boolean";
        case ColumnKind::TextList:
            return ":string[]";
        default:
            return "";
    }
}

// Valid UTF-8, and no array delimiter inside an element (it is a control
// character, so nothing visible is lost).
std::string clean(std::string text) {
    repair_utf8(text);
    std::replace(text.begin(), text.end(), kArrayDelimiter, ' ');
    return text;
}

std::string field(const PropertyValue& value, ColumnKind kind) {
    if (kind == ColumnKind::TextList) {
        std::string joined;
        for (const auto& item : std::get<std::vector<std::string>>(value)) {
            if (!joined.empty()) joined += kArrayDelimiter;
            joined += clean(item);
        }
        return csv_field(joined);
    }
    return csv_field(clean(exporter::property_text(value)));
}

// neo4j-admin reads "name:type" and ":TYPE"-style keywords in the header, so
// a property name (a user's CREATE can choose any) keeps no ':' of its own.
std::string column_name(const Column& c) {
    std::string name = clean(c.name);
    std::replace(name.begin(), name.end(), ':', '_');
    return csv_field(name + header_type(c.kind));
}

void write_header(std::ostream& out, std::string_view fixed, const std::vector<Column>& columns) {
    out << fixed;
    for (const Column& c : columns) out << ',' << column_name(c);
    out << '\n';
}

void write_properties(std::ostream& out, const Properties& props,
                      const std::vector<Column>& columns) {
    std::vector<const PropertyValue*> cells(columns.size(), nullptr);
    for (const auto& [name, value] : props) {
        std::size_t k = 0;
        while (columns[k].name != name) ++k;  // a dozen columns: a scan beats a map
        cells[k] = &value;
    }
    for (std::size_t k = 0; k < columns.size(); ++k) {
        out << ',';
        if (cells[k]) out << field(*cells[k], columns[k].kind);
    }
    out << '\n';
}

}  // namespace

void write_neo4j_csv(const GraphSnapshot& graph, std::ostream& nodes, std::ostream& relationships) {
    const exporter::PropertyRows rows(graph);
    const std::vector<Column> node_columns = rows.node_columns();
    write_header(nodes, "id:ID,:LABEL", node_columns);
    for (std::size_t i = 0; i < rows.node_count(); ++i) {
        const exporter::NodeRow node = rows.node(i);
        nodes << node.id << ',' << node.label;
        write_properties(nodes, node.properties, node_columns);
    }
    const std::vector<Column> rel_columns = rows.relationship_columns();
    write_header(relationships, ":START_ID,:END_ID,:TYPE", rel_columns);
    for (std::size_t i = 0; i < rows.relationship_count(); ++i) {
        const exporter::RelationshipRow rel = rows.relationship(i);
        relationships << rel.start << ',' << rel.end << ',' << csv_field(clean(rel.type));
        write_properties(relationships, rel.properties, rel_columns);
    }
}

}  // namespace kg
