// The functions the query language implements, in one table: the grammar
// resolves each call's name to a Function once, so evaluating a call per row
// is a switch, not a string comparison; the checker names unknown functions
// (with a "did you mean" from this table) and the shell completes from it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace kg::query {

enum class Function : std::uint8_t {
    Unknown,
    // Aggregates (is_aggregate_function).
    Count,
    Collect,
    Sum,
    Avg,
    Min,
    Max,
    // Everything else.
    Coalesce,
    Range,
    Rand,
    Pi,
    E,
    Exists,
    Type,
    Labels,
    Id,
    Length,
    Nodes,
    Relationships,
    StartNode,
    EndNode,
    ToLower,
    ToUpper,
    Size,
    Head,
    Last,
    Tail,
    Reverse,
    Keys,
    Properties,
    ToString,
    ToInteger,
    ToFloat,
    ToBoolean,
    Abs,
    Sign,
    Sqrt,
    Floor,
    Ceil,
    Round,
    Exp,
    Log,
    Log10,
    Sin,
    Cos,
    Tan,
    Trim,
    LTrim,
    RTrim,
    Substring,
    Left,
    Right,
    Split,
    Replace,
};

struct FunctionName {
    std::string_view name;  // as the documentation spells it: "toLower"
    Function function;
};

// Every name a query may call, in the documentation's spelling ("rels" is
// another name of relationships).
std::span<const FunctionName> function_names();

// The function `name` calls, in any letter case; Unknown when there is none.
Function find_function(std::string_view name);

inline bool is_aggregate_function(Function f) {
    return f >= Function::Count && f <= Function::Max;
}

// "; did you mean toLower?" for a name within two edits of a function's
// name, else "".
std::string function_hint(std::string_view name);

}  // namespace kg::query
