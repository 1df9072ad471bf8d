// The normalized key under which entity names meet: "Microsoft Corp.",
// "microsoft" and "Microsoft's" share the key "microsoft". Case, white space,
// punctuation, a leading "the", a possessive 's and corporate suffixes are
// ignored. Deeper resolution (aliases, acronyms, types) builds on this key.
#pragma once

#include <string>
#include <string_view>

namespace kg {

std::string entity_key(std::string_view name);

}  // namespace kg
