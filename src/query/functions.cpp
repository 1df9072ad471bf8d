#include "kg/query/functions.hpp"

#include "kg/query/schema_hints.hpp"
#include "kg/strings.hpp"

namespace kg::query {

namespace {

using F = Function;

constexpr FunctionName kNames[] = {
    {"count", F::Count},
    {"collect", F::Collect},
    {"sum", F::Sum},
    {"avg", F::Avg},
    {"min", F::Min},
    {"max", F::Max},
    {"coalesce", F::Coalesce},
    {"range", F::Range},
    {"rand", F::Rand},
    {"pi", F::Pi},
    {"e", F::E},
    {"exists", F::Exists},
    {"type", F::Type},
    {"labels", F::Labels},
    {"id", F::Id},
    {"length", F::Length},
    {"nodes", F::Nodes},
    {"relationships", F::Relationships},
    {"rels", F::Relationships},
    {"startNode", F::StartNode},
    {"endNode", F::EndNode},
    {"toLower", F::ToLower},
    {"toUpper", F::ToUpper},
    {"size", F::Size},
    {"head", F::Head},
    {"last", F::Last},
    {"tail", F::Tail},
    {"reverse", F::Reverse},
    {"keys", F::Keys},
    {"properties", F::Properties},
    {"toString", F::ToString},
    {"toInteger", F::ToInteger},
    {"toFloat", F::ToFloat},
    {"toBoolean", F::ToBoolean},
    {"abs", F::Abs},
    {"sign", F::Sign},
    {"sqrt", F::Sqrt},
    {"floor", F::Floor},
    {"ceil", F::Ceil},
    {"round", F::Round},
    {"exp", F::Exp},
    {"log", F::Log},
    {"log10", F::Log10},
    {"sin", F::Sin},
    {"cos", F::Cos},
    {"tan", F::Tan},
    {"trim", F::Trim},
    {"ltrim", F::LTrim},
    {"rtrim", F::RTrim},
    {"substring", F::Substring},
    {"left", F::Left},
    {"right", F::Right},
    {"split", F::Split},
    {"replace", F::Replace},
};

}  // namespace

std::span<const FunctionName> function_names() {
    return kNames;
}

Function find_function(std::string_view name) {
    for (const FunctionName& f : function_names())
        if (iequals(f.name, name)) return f.function;
    return Function::Unknown;
}

std::string function_hint(std::string_view name) {
    std::string_view best;
    std::size_t best_distance = 3;
    for (const FunctionName& f : function_names()) {
        // edit_distance ignores letter case.
        if (const std::size_t d = edit_distance(name, f.name);
            d < best_distance && d < f.name.size())
            best = f.name, best_distance = d;
    }
    return best.empty() ? "" : "; did you mean " + std::string(best) + "?";
}

}  // namespace kg::query
