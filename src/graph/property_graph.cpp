#include "kg/graph/property_graph.hpp"

#include <algorithm>
#include <array>

namespace kg {
namespace {

constexpr std::string_view kNegatedPrefix = "not-";

// Dates as ISO text, so `r.date STARTS WITH '2019'` works; others as shown.
std::string shown(const Value& v) {
    return v.kind == ValueKind::Date ? v.date : v.display();
}

}  // namespace

std::string relationship_type(std::string_view relation, bool negated) {
    std::string out;
    if (negated) out = kNegatedPrefix;
    out += relation;
    return out;
}

std::optional<std::string_view> denied_relation(std::string_view type) {
    if (type.size() <= kNegatedPrefix.size() || !type.starts_with(kNegatedPrefix))
        return std::nullopt;
    return type.substr(kNegatedPrefix.size());
}

bool is_reserved_relationship_property(std::string_view name) {
    static constexpr std::array<std::string_view, 6> kReserved = {
        "fact_id", "confidence", "negated", "modality", "sources", "sentences"};
    return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

Properties entity_properties(const Entity& entity) {
    return {{"name", entity.name},
            {"type", std::string(to_string(entity.type))},
            {"aliases", entity.aliases},
            {"mentions", entity.mentions}};
}

Properties value_properties(const Value& value) {
    Properties out{{"value", value.display()}, {"kind", std::string(to_string(value.kind))}};
    if (value.kind == ValueKind::Date) out.emplace_back("date", value.date);
    if (value.has_amount()) out.emplace_back("amount", value.amount);
    if (!value.currency.empty()) out.emplace_back("currency", value.currency);
    if (!value.unit.empty()) out.emplace_back("unit", value.unit);
    return out;
}

Properties fact_properties(const Fact& fact) {
    Properties out;
    if (!fact.modality.empty()) out.emplace_back("modality", fact.modality);
    for (const auto& [name, value] : fact.qualifiers) {
        if (is_reserved_relationship_property(name)) continue;
        out.emplace_back(name, shown(value));
        // "$6.9B" sorts as text; its number sorts as users mean
        // (ORDER BY r.amount_value DESC: the largest deals first).
        if (value.has_amount() && !fact.qualifiers.count(name + "_value"))
            out.emplace_back(name + "_value", value.amount);
    }
    std::vector<std::string> sources, sentences;
    for (const auto& p : fact.provenance) {
        if (std::find(sources.begin(), sources.end(), p.source_uri) == sources.end())
            sources.push_back(p.source_uri);
        sentences.push_back(p.sentence);
    }
    out.emplace_back("sources", std::move(sources));
    out.emplace_back("sentences", std::move(sentences));
    return out;
}

}  // namespace kg
