// Suspected duplicate entities, for a person to review: pairs whose names
// look alike (shared words, an acronym of the other, a one-letter typo) and
// whose types agree, ranked by name similarity and shared neighbours. kg
// never merges these by itself: `kg merge-entities` does, on request.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "kg/graph/model.hpp"

namespace kg {

class Store;

struct DuplicateCandidate {
    Entity a, b;
    std::string reason;  // "shared words", "acronym", "spelling"
    std::size_t shared_neighbours = 0;
    double score = 0;  // higher is more likely the same entity
};

std::vector<DuplicateCandidate> suspected_duplicates(const Store& store, std::size_t limit = 100);

// Edit distance between two strings, stopping early once it exceeds `bound`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t bound);

}  // namespace kg
