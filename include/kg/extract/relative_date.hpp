// Dates written relative to the article ("on Monday", "yesterday", "last
// year", "this month") resolved against its publication date. Without a
// known date nothing is guessed.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "kg/extract/value.hpp"

namespace kg {

// `words`: the phrase in lower case, without its preposition ("monday",
// "last year"). `published`: YYYY-MM-DD. A weekday means the latest such day
// on or before the publication date (news reports what happened).
std::optional<Value> resolve_relative_date(const std::vector<std::string_view>& words,
                                           std::string_view published);

}  // namespace kg
