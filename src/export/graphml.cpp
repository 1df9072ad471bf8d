#include "kg/export/graphml.hpp"

#include <cmath>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>

#include "kg/source/utf8.hpp"
#include "property_rows.hpp"

namespace kg {
namespace {

using exporter::Column;
using exporter::ColumnKind;

// Element content and attribute values: valid UTF-8, markup escaped, and
// no character XML 1.0 forbids (C0 controls but tab and line ends, U+FFFE,
// U+FFFF), which a parser would reject the whole file for.
std::string xml_text(std::string_view text) {
    std::string s(text);
    repair_utf8(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\r':
                out += "&#13;";  // else a parser reads it as a line end
                break;
            default:
                if (c < 0x20 && c != '\t' && c != '\n') break;
                if (c == 0xEF && s.compare(i, 3, "\xEF\xBF\xBE") == 0) {
                    i += 2;
                    break;
                }
                if (c == 0xEF && s.compare(i, 3, "\xEF\xBF\xBF") == 0) {
                    i += 2;
                    break;
                }
                out += static_cast<char>(c);
        }
    }
    return out;
}

std::string_view graphml_type(ColumnKind kind) {
    switch (kind) {
        case ColumnKind::Integer:
            return "long";
        case ColumnKind::Real:
            return "double";
        case ColumnKind::Boolean:
            return "boolean";
        default:
            return "string";
    }
}

// XML Schema spells the doubles that are not numbers INF, -INF and NaN.
std::string graphml_text(const PropertyValue& value) {
    if (const double* x = std::get_if<double>(&value); x && !std::isfinite(*x))
        return std::isnan(*x) ? "NaN" : *x > 0 ? "INF" : "-INF";
    return exporter::property_text(value);
}

// "label" and "labels" are the writer's own keys; a property of that name
// (a qualifier a user created) would make two keys of one name.
bool is_own_key(std::string_view name) {
    return name == "label" || name == "labels";
}

// Key ids are "n0", "n1", ... and "e0", ...: property names can hold any text.
void write_keys(std::ostream& out, const std::vector<Column>& columns, char prefix,
                std::string_view domain) {
    out << "  <key id=\"" << prefix << "_label\" for=\"" << domain
        << "\" attr.name=\"label\" attr.type=\"string\"/>\n";
    if (prefix == 'n')
        out << "  <key id=\"n_labels\" for=\"node\" attr.name=\"labels\" attr.type=\"string\"/>\n";
    for (std::size_t k = 0; k < columns.size(); ++k) {
        if (is_own_key(columns[k].name)) continue;
        out << "  <key id=\"" << prefix << k << "\" for=\"" << domain << "\" attr.name=\""
            << xml_text(columns[k].name) << "\" attr.type=\"" << graphml_type(columns[k].kind)
            << "\"/>\n";
    }
}

void write_data(std::ostream& out, const Properties& props, const std::vector<Column>& columns,
                char prefix) {
    for (const auto& [name, value] : props) {
        if (is_own_key(name)) continue;
        std::size_t k = 0;
        while (columns[k].name != name) ++k;  // a dozen columns: a scan beats a map
        out << "<data key=\"" << prefix << k << "\">" << xml_text(graphml_text(value)) << "</data>";
    }
}

}  // namespace

void write_graphml(const GraphSnapshot& graph, std::ostream& out) {
    const exporter::PropertyRows rows(graph);
    const std::vector<Column> node_columns = rows.node_columns();
    const std::vector<Column> edge_columns = rows.relationship_columns();

    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
           "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
           "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
           "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
    write_keys(out, node_columns, 'n', "node");
    write_keys(out, edge_columns, 'e', "edge");
    out << "  <graph id=\"kg\" edgedefault=\"directed\">\n";
    for (std::size_t i = 0; i < rows.node_count(); ++i) {
        const exporter::NodeRow node = rows.node(i);
        const PropertyValue& shown = node.properties.front().second;  // name, or value
        out << "    <node id=\"" << node.id << "\"><data key=\"n_label\">"
            << xml_text(exporter::property_text(shown))
            << "</data><data key=\"n_labels\">:" << node.label << "</data>";
        write_data(out, node.properties, node_columns, 'n');
        out << "</node>\n";
    }
    for (std::size_t i = 0; i < rows.relationship_count(); ++i) {
        const exporter::RelationshipRow rel = rows.relationship(i);
        out << "    <edge id=\"" << rel.id << "\" source=\"" << rel.start << "\" target=\""
            << rel.end << "\"><data key=\"e_label\">" << xml_text(rel.type) << "</data>";
        write_data(out, rel.properties, edge_columns, 'e');
        out << "</edge>\n";
    }
    out << "  </graph>\n</graphml>\n";
}

}  // namespace kg
