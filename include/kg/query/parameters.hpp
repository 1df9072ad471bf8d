// Query parameters given on the command line as `--param name=value`. The
// value is read as a Cypher literal when it is one (42, 1.5, true, null,
// 'text', [1, 2], {k: 'v'}), otherwise taken as a string as written, so
// `--param s=Microsoft` and `--param s="'Microsoft'"` mean the same.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "kg/query/value.hpp"

namespace kg::query {

Value parameter_value(std::string_view text);

// "name=value" -> (name, parameter_value(value)). Throws kg::Error when
// there is no '=' or the name is empty.
std::pair<std::string, Value> parse_parameter(std::string_view assignment);

}  // namespace kg::query
