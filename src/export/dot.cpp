#include "kg/export/dot.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kg {
namespace {

constexpr std::string_view kFont = "DejaVu Sans";  // in fonts-dejavu-core, which graphviz pulls in
constexpr std::string_view kNegatedColor = "#c53030";

struct NodeStyle {
    std::string_view shape;
    std::string_view style;
    std::string_view fill;
    std::string_view border;
};

// Shape carries the type as well as colour, so the graph stays readable in
// greyscale and for colour-blind readers.
NodeStyle style_for(EntityType type) {
    switch (type) {
        case EntityType::Organization:
            return {"box", "rounded,filled", "#dbe9f6", "#2b6cb0"};
        case EntityType::Person:
            return {"ellipse", "filled", "#fde3cf", "#c05621"};
        case EntityType::Place:
            return {"house", "filled", "#dcf2dc", "#2f855a"};
        case EntityType::Product:
            return {"box3d", "filled", "#ece0f7", "#6b46c1"};
        case EntityType::Event:
            return {"octagon", "filled", "#fff3c4", "#b7791f"};
        case EntityType::Other:
            break;
    }
    return {"ellipse", "filled", "#eeeeee", "#666666"};
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b0 = byte(i);
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
        if (b0 == 0xED) hi = 0x9F;  // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return len;
}

std::string quoted(std::string_view text) {
    return "\"" + dot_escape(text) + "\"";
}

std::string fixed2(double x) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, 2);
    return std::string(buf, res.ptr);
}

std::string entity_node(EntityId id) {
    return quoted("e" + std::to_string(id));
}

std::string value_label(const Fact& fact) {
    return fact.object_value ? fact.object_value->display() : fact.object_name;
}

// Facts with the same displayed value from the same subject share a node.
std::string value_key(const Fact& fact) {
    return fact.object_value ? fact.object_value->key() : "text:" + fact.object_name;
}

std::string edge_label(const Fact& fact) {
    std::string label = fact.negated ? "not " + fact.relation : fact.relation;
    std::string suffix;
    for (const auto& [name, value] : fact.qualifiers) {
        if (!suffix.empty()) suffix += ", ";
        suffix += value.display();
    }
    if (!suffix.empty()) label += " (" + suffix + ")";
    return label;
}

std::string edge_tooltip(const Fact& fact) {
    std::string tip = fact.subject_name + " " + edge_label(fact) + " " +
                      (fact.object_entity ? fact.object_name : value_label(fact));
    tip += "; confidence " + fixed2(fact.confidence);
    std::set<std::string_view> sources;  // a source may state the fact in several sentences
    for (const auto& p : fact.provenance) sources.insert(p.source_uri);
    const std::size_t n = sources.size();
    tip += "; " + std::to_string(n) + (n == 1 ? " source" : " sources");
    if (!fact.modality.empty()) tip += "; " + fact.modality;
    return tip;
}

}  // namespace

std::string dot_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            std::size_t len = utf8_sequence_length(text, i);
            if (len == 0) {
                out += "\xEF\xBF\xBD";  // U+FFFD: dot rejects invalid UTF-8 outright
                ++i;
            } else {
                out.append(text.substr(i, len));
                i += len;
            }
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;  // else dot reads \N, \G, \l... as label macros
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += ' ';
                break;
            case '&':
                out += "&amp;";
                break;  // else "&amp;" in a name would render as "&"
            default:
                if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
                break;  // other control characters have no visible form
        }
        ++i;
    }
    return out;
}

void write_dot(const GraphSnapshot& graph, std::ostream& out) {
    std::vector<const Entity*> entities;
    for (const auto& e : graph.entities) entities.push_back(&e);
    std::sort(entities.begin(), entities.end(),
              [](const Entity* a, const Entity* b) { return a->id < b->id; });
    std::vector<const Fact*> facts;
    for (const auto& f : graph.facts) facts.push_back(&f);
    std::sort(facts.begin(), facts.end(),
              [](const Fact* a, const Fact* b) { return a->id < b->id; });

    std::set<EntityId> known;
    for (const Entity* e : entities) known.insert(e->id);
    std::map<EntityId, std::string> missing;  // referenced by a fact, absent from the snapshot
    // (subject, value key) -> label; node ids are numbered per subject so that
    // adding a value to one entity does not renumber another's.
    std::map<std::pair<EntityId, std::string>, std::string> values;
    for (const Fact* f : facts) {
        if (!known.count(f->subject)) missing.emplace(f->subject, f->subject_name);
        if (f->object_entity) {
            if (!known.count(*f->object_entity)) missing.emplace(*f->object_entity, f->object_name);
        } else {
            values.emplace(std::pair(f->subject, value_key(*f)), value_label(*f));
        }
    }
    std::map<std::pair<EntityId, std::string>, std::string> value_node;
    {
        EntityId current = 0;
        int n = 0;
        bool first = true;
        for (const auto& [key, label] : values) {
            if (first || key.first != current) n = 0;
            first = false;
            current = key.first;
            value_node[key] = quoted("v" + std::to_string(key.first) + "_" + std::to_string(n++));
        }
    }

    out << "digraph kg {\n";
    out << "  graph [charset=\"UTF-8\", rankdir=LR, fontname=" << quoted(kFont)
        << ", nodesep=0.3, ranksep=0.7, bgcolor=\"white\"];\n";
    out << "  node [fontname=" << quoted(kFont) << ", fontsize=11, penwidth=1.2];\n";
    out << "  edge [fontname=" << quoted(kFont)
        << ", fontsize=9, color=\"#555555\", fontcolor=\"#333333\", arrowsize=0.7];\n";

    auto write_entity = [&](EntityId id, std::string_view name, EntityType type,
                            std::string tooltip) {
        NodeStyle s = style_for(type);
        out << "  " << entity_node(id) << " [label=" << quoted(name) << ", shape=" << s.shape
            << ", style=\"" << s.style << "\", fillcolor=\"" << s.fill << "\", color=\"" << s.border
            << "\", tooltip=" << quoted(tooltip) << "];\n";
    };
    if (!entities.empty() || !missing.empty()) out << "\n  // entities\n";
    for (const Entity* e : entities) {
        std::string tooltip(to_string(e->type));
        if (!e->aliases.empty()) {
            tooltip += "; also:";
            for (std::size_t i = 0; i < e->aliases.size(); ++i) {
                tooltip += (i == 0 ? " " : ", ") + e->aliases[i];
            }
        }
        write_entity(e->id, e->name, e->type, tooltip);
    }
    for (const auto& [id, name] : missing) {
        write_entity(id, name, EntityType::Other, "not in this export");
    }

    if (!values.empty()) out << "\n  // literal values\n";
    for (const auto& [key, label] : values) {
        out << "  " << value_node[key] << " [label=" << quoted(label)
            << ", shape=note, style=\"filled\", fillcolor=\"#fffdf5\", color=\"#a0a0a0\", "
               "fontsize=9];\n";
    }

    if (!facts.empty()) out << "\n  // facts\n";
    for (const Fact* f : facts) {
        std::string target = f->object_entity ? entity_node(*f->object_entity)
                                              : value_node[{f->subject, value_key(*f)}];
        out << "  " << entity_node(f->subject) << " -> " << target
            << " [label=" << quoted(edge_label(*f)) << ", tooltip=" << quoted(edge_tooltip(*f));
        if (f->negated) {
            out << ", color=\"" << kNegatedColor << "\", fontcolor=\"" << kNegatedColor << "\"";
        }
        // Low confidence wins over negation for the line style; red still marks negation.
        if (f->confidence < 0.5) {
            out << ", style=dotted";
        } else if (f->negated) {
            out << ", style=dashed";
        }
        out << "];\n";
    }
    out << "}\n";
}

}  // namespace kg
