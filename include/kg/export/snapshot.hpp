// What the exporters read: the whole graph as plain data, as Store's
// all_entities() and all_facts() hand it out. Writers take a snapshot rather
// than the store so they can be fed hand-built graphs (tests, subgraphs).
// Order does not matter: every writer sorts by id for diff-stable output.
#pragma once

#include <vector>

#include "kg/graph/model.hpp"

namespace kg {

struct GraphSnapshot {
    std::vector<Entity> entities;
    std::vector<Fact> facts;  // with provenance, for the writers that show it
};

}  // namespace kg
