#include "kg/extract/triple.hpp"

#include <array>

namespace kg {
namespace {

constexpr std::array<std::pair<EntityType, std::string_view>, 6> kTypeNames{{
    {EntityType::Organization, "Organization"},
    {EntityType::Person, "Person"},
    {EntityType::Place, "Place"},
    {EntityType::Product, "Product"},
    {EntityType::Event, "Event"},
    {EntityType::Other, "Other"},
}};

std::string argument_display(const Argument& a) {
    return a.is_value ? a.value.display() : a.text;
}

}  // namespace

std::string_view to_string(EntityType type) {
    for (const auto& [t, name] : kTypeNames)
        if (t == type) return name;
    return "Other";
}

EntityType entity_type_from_string(std::string_view s) {
    for (const auto& [t, name] : kTypeNames)
        if (name == s) return t;
    return EntityType::Other;
}

std::string_view Triple::sentence_in(std::string_view text) const {
    if (span_begin >= text.size() || span_end < span_begin) return {};
    return text.substr(span_begin, span_end - span_begin);
}

std::string Triple::display() const {
    return argument_display(subject) + " " + (negated ? "not " : "") + relation + " " +
           argument_display(object);
}

}  // namespace kg
